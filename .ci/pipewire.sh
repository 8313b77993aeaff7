#!/usr/bin/env bash
# A private, headless PipeWire for tests: its own D-Bus session bus, pipewire, wireplumber and
# pipewire-pulse, so PulseAudio clients (pactl, libpulse, Java Sound through ALSA's pulse plugin)
# talk to PipeWire. Checked on Debian 12 (pipewire 0.3.65, wireplumber 0.4.13) as root, no sound card.
#
#   eval "$(.ci/pipewire.sh start /tmp/my-pw)"   # prints the exports to eval
#   pactl info | grep 'Server Name'               # "PulseAudio (on PipeWire 0.3.65)"
#   .ci/pipewire.sh stop /tmp/my-pw               # stops what start started, by PID
#
# Needs: apt-get install -y pipewire pipewire-pulse wireplumber dbus pulseaudio-utils
set -eu
cmd=${1:?start|stop}; dir=${2:?runtime folder}
case "$cmd" in
start)
  mkdir -p "$dir" && chmod 700 "$dir"
  export XDG_RUNTIME_DIR="$dir" DBUS_SESSION_BUS_ADDRESS="unix:path=$dir/bus"
  dbus-daemon --session --address="$DBUS_SESSION_BUS_ADDRESS" --fork --print-pid > "$dir/dbus.pid"
  pipewire > "$dir/pipewire.log" 2>&1 & echo $! > "$dir/pipewire.pid"; sleep 1
  wireplumber > "$dir/wireplumber.log" 2>&1 & echo $! > "$dir/wireplumber.pid"; sleep 1
  pipewire-pulse > "$dir/pipewire-pulse.log" 2>&1 & echo $! > "$dir/pipewire-pulse.pid"
  for i in $(seq 50); do pactl info > /dev/null 2>&1 && break; sleep 0.1; done
  pactl info > /dev/null 2>&1 || { echo "pipewire-pulse did not answer; see $dir/*.log" >&2; exit 1; }
  echo "export XDG_RUNTIME_DIR=$dir DBUS_SESSION_BUS_ADDRESS=unix:path=$dir/bus"
  ;;
stop)
  for f in pipewire-pulse wireplumber pipewire dbus; do
    [ -f "$dir/$f.pid" ] && kill "$(cat "$dir/$f.pid")" 2>/dev/null || true
    rm -f "$dir/$f.pid"
  done
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
