#!/usr/bin/env bash
# Starts a private PulseAudio daemon with Bowtie's test devices, for tests and for developers.
#
#   source .ci/pulse.sh && pulse_start   # sets XDG_RUNTIME_DIR, PULSE_SERVER, BOWTIE_PULSE_PID
#   ...                                  # vc_in / vc_out sinks (48 kHz mono), vc_mic source
#   pulse_stop                           # stops the daemon and the silence feeders by PID
#   pulse_crash; pulse_launch             # (tests) kill -9 the daemon, then start it again
#
# Devices: vc_in (null sink: play test speech here), vc_mic (source remapped from
# vc_in.monitor: Bowtie's microphone), vc_out (null sink: Bowtie's output; record
# vc_out.monitor). Defaults are vc_out and vc_mic, so Java Sound's "default" mixer uses them.
# Idle null sinks run in 2 s blocks and stall the first read or write for up to 2 s, so a
# pacat of silence keeps each sink busy for the whole run.

pulse_start() {
  BOWTIE_PULSE_DIR="$(mktemp -d /tmp/bowtie-pulse.XXXXXX)"
  chmod 0700 "$BOWTIE_PULSE_DIR"
  export XDG_RUNTIME_DIR="$BOWTIE_PULSE_DIR"
  export PULSE_SERVER="unix:$BOWTIE_PULSE_DIR/pulse/native"
  mkdir -p "$BOWTIE_PULSE_DIR/pulse"
  if [ ! -f "$HOME/.asoundrc" ]; then
    printf 'pcm.!default { type pulse }\nctl.!default { type pulse }\n' >"$HOME/.asoundrc"
    BOWTIE_PULSE_ASOUNDRC=created
  fi
  cat >"$BOWTIE_PULSE_DIR/bowtie.pa" <<PA
load-module module-native-protocol-unix socket=$BOWTIE_PULSE_DIR/pulse/native auth-anonymous=1
load-module module-null-sink sink_name=vc_in rate=48000 channels=1 sink_properties=device.description=vc_in
load-module module-null-sink sink_name=vc_out rate=48000 channels=1 sink_properties=device.description=vc_out
load-module module-remap-source source_name=vc_mic master=vc_in.monitor channels=1 source_properties=device.description=vc_mic
set-default-sink vc_out
set-default-source vc_mic
PA
  pulse_launch
}

# Starts the daemon of the folder pulse_start made, with its silence feeders, and waits for it.
pulse_launch() {
  pulseaudio -n -F "$BOWTIE_PULSE_DIR/bowtie.pa" --exit-idle-time=-1 --daemonize=no \
    --log-target=file:"$BOWTIE_PULSE_DIR/pulse.log" >/dev/null 2>&1 &
  BOWTIE_PULSE_PID=$!
  export BOWTIE_PULSE_PID
  local i
  for i in $(seq 1 50); do
    pactl info >/dev/null 2>&1 && break
    sleep 0.1
  done
  if ! pactl info >/dev/null 2>&1; then
    echo "pulse.sh: PulseAudio did not start; see $BOWTIE_PULSE_DIR/pulse.log" >&2
    return 1
  fi
  BOWTIE_PULSE_FEEDERS=""
  local sink
  for sink in vc_in vc_out; do
    pacat --playback -d "$sink" --raw --format=s16le --rate=48000 --channels=1 </dev/zero 2>/dev/null &
    BOWTIE_PULSE_FEEDERS="$BOWTIE_PULSE_FEEDERS $!"
  done
  # The feeders are running once both sinks are RUNNING instead of IDLE/SUSPENDED.
  for i in $(seq 1 50); do
    [ "$(pactl list short sinks | grep -c RUNNING)" -ge 2 ] && break
    sleep 0.1
  done
  export BOWTIE_PULSE_FEEDERS
  echo "pulse.sh: PulseAudio $BOWTIE_PULSE_PID on $PULSE_SERVER (vc_in, vc_out, vc_mic)" >&2
}

# Kills the daemon as a crash would (SIGKILL), and its feeders; the folder and config stay, so
# pulse_launch brings the same devices back on the same socket.
pulse_crash() {
  local pid
  for pid in ${BOWTIE_PULSE_FEEDERS:-} ${BOWTIE_PULSE_PID:-}; do
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  BOWTIE_PULSE_FEEDERS=""
  unset BOWTIE_PULSE_PID
}

pulse_stop() {
  local pid
  for pid in ${BOWTIE_PULSE_FEEDERS:-}; do
    kill "$pid" 2>/dev/null || true
  done
  if [ -n "${BOWTIE_PULSE_PID:-}" ]; then
    kill "$BOWTIE_PULSE_PID" 2>/dev/null || true
    wait "$BOWTIE_PULSE_PID" 2>/dev/null || true
  fi
  for pid in ${BOWTIE_PULSE_FEEDERS:-}; do
    wait "$pid" 2>/dev/null || true
  done
  if [ "${BOWTIE_PULSE_ASOUNDRC:-}" = created ]; then
    rm -f "$HOME/.asoundrc"
  fi
  [ -n "${BOWTIE_PULSE_DIR:-}" ] && rm -rf "$BOWTIE_PULSE_DIR"
  unset BOWTIE_PULSE_PID BOWTIE_PULSE_FEEDERS BOWTIE_PULSE_DIR BOWTIE_PULSE_ASOUNDRC
}
