#!/usr/bin/env bash
# Installs what Bowtie's tests need (Debian packages, when missing) and runs every test of
# every module: the Java modules through Maven, the training tools through Debian's python3.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use: SPTK as the DSP reference, sox and the TTS voices for test
# speech, JACK (jackd2: its dummy driver) for the JACK client, PulseAudio for the live loop (and
# PipeWire, whose pulse server the virtual microphone is also tested on), and Debian's own
# PyTorch/ONNX/numpy for tools/.
packages=(sptk sox libsox-fmt-all flite espeak-ng festival festvox-kallpc16k
  jackd2 pulseaudio pulseaudio-utils libasound2-plugins pipewire pipewire-pulse wireplumber dbus
  python3-torch python3-numpy python3-onnx python3-pytest black flake8
  ktuberling-data klettres-data)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

export SPTK_BIN=${SPTK_BIN:-/usr/libexec/sptk/bin}

# A private PulseAudio server for the live loop's end-to-end tests (vc_in, vc_out, vc_mic); the
# trap stops it by PID whatever way this script ends.
source .ci/pulse.sh
trap pulse_stop EXIT
pulse_start

mvn -B -ntp verify

# The training tools run on Debian's own Python (the first python3 on PATH may lack torch);
# their tests use the bowtie.jar that `mvn verify` just built.
/usr/bin/python3 -m pytest -q tools/tests
