#!/usr/bin/env bash
# Objective quality of the neural voice TARGET on a held-out sentence spoken by a voice the pack
# was not trained on, against TARGET's own rendering of the same sentence (flite).
#
#   bash tools/bench/neural_quality.sh [--model DIR] [--target slt] [--source kal16|espeak:en-us+m3]
#                                      [--sentence TEXT] [--via convert|live|both]
#
# The sentence (48 kHz, the live loop's rate) is converted with `bowtie convert --voice TARGET`
# (--via convert, the default), or played through `bowtie live --voice TARGET` on the PulseAudio
# loop of .ci/pulse.sh and recorded (--via live: tools/bench/live_bench.py record, which cuts the
# recording to the input's length and time, as convert writes its output), or both. Prints, per
# way, MCD (dB, DTW-aligned, c1..cM, c0 excluded, speech frames only) of the converted speech and
# of the unconverted input to the target's rendering, and the median F0s.
# Features come from `bowtie features`; MCD and DTW from bowtie_tools.evaluate.metrics.
# Live uses the server PULSE_SERVER points at if it has Bowtie's devices (vc_in, vc_out, vc_mic),
# else starts a private one with .ci/pulse.sh for the run.
# Needs flite, espeak-ng, sox, Debian's /usr/bin/python3 and a built plugin/target/bowtie.jar;
# live also needs pulseaudio and pulseaudio-utils.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=plugin/target/bowtie.jar
[ -f "$jar" ] || { echo "neural_quality: build first: mvn -q -DskipTests package" >&2; exit 1; }
model=()
target=slt
source=espeak:en-us+m3
via=convert
# The last sentence of tools/bowtie_tools/data/sentences.py: in every recipe's held-out tail.
sentence=$(PYTHONPATH=tools /usr/bin/python3 -c \
  'from bowtie_tools.data.sentences import SENTENCES; print(SENTENCES[-1])')
while [ $# -gt 0 ]; do
  case $1 in
    --model) model=(--model "$2"); shift 2 ;;
    --target) target=$2; shift 2 ;;
    --source) source=$2; shift 2 ;;
    --sentence) sentence=$2; shift 2 ;;
    --via) via=$2; shift 2 ;;
    *) echo "neural_quality: unknown argument $1" >&2; exit 1 ;;
  esac
done
case $via in
  convert) ways=(convert) ;;
  live) ways=(live) ;;
  both) ways=(convert live) ;;
  *) echo "neural_quality: --via $via: use convert, live or both" >&2; exit 1 ;;
esac
work=$(mktemp -d)
own_server=
cleanup() {
  [ -n "$own_server" ] && pulse_stop
  rm -rf "$work"
}
trap cleanup EXIT
if [ "$via" != convert ]; then
  sinks=$(pactl list short sinks 2>/dev/null || true)
  if ! [[ $sinks == *vc_in* && $sinks == *vc_out* ]]; then
    echo "neural_quality: no PulseAudio server with Bowtie's devices: starting one" \
      "(.ci/pulse.sh) for this run" >&2
    source .ci/pulse.sh
    pulse_start
    own_server=yes
  fi
fi

say() { # VOICE OUT.wav
  case $1 in
    espeak:*) espeak-ng -v "${1#espeak:}" -w "$work/raw.wav" "$sentence" ;;
    *) flite -voice "$1" -t "$sentence" -o "$work/raw.wav" ;;
  esac
  sox "$work/raw.wav" -r 48000 -c 1 -b 16 "$2"
}
say "$source" "$work/source.wav"
say "$target" "$work/reference.wav"
for way in "${ways[@]}"; do
  case $way in
    convert)
      java -jar "$jar" convert "$work/source.wav" "$work/convert.wav" \
        --voice "$target" "${model[@]}"
      ;;
    live)
      /usr/bin/python3 tools/bench/live_bench.py record "$work/source.wav" "$work/live.wav" \
        -- --voice "$target" "${model[@]}"
      ;;
  esac
done
for name in source reference "${ways[@]}"; do
  java -jar "$jar" features "$work/$name.wav" "$work/$name" > /dev/null
done
echo "sentence: $sentence"
echo "source: $source (not in the pack), target: $target"
PYTHONPATH=tools /usr/bin/python3 - "$work" "$target" "${ways[@]}" <<'PY'
import sys
from pathlib import Path

import numpy as np

from bowtie_tools.evaluate.metrics import dtw_path, mel_cepstral_distortion

work = Path(sys.argv[1])
target = sys.argv[2]


def load(name):
    mcep = np.load(work / name / "mcep.npy").astype(np.float64)
    f0 = np.load(work / name / "f0.npy").astype(np.float64)
    speech = mcep[:, 0] > np.percentile(mcep[:, 0], 99) - 4.0  # the tools' silence rule
    return mcep[speech, 1:], f0[speech]


def mcd_to_reference(mcep):
    ia, ib = dtw_path(mcep, reference)
    return mel_cepstral_distortion(mcep[ia], reference[ib])


def median_f0(f0):
    return np.median(f0[f0 > 0])


reference, reference_f0 = load("reference")
source, source_f0 = load("source")
unconverted = mcd_to_reference(source)
print(f"median F0: source {median_f0(source_f0):.1f} Hz, {target} {median_f0(reference_f0):.1f} Hz")
print(f"| via | MCD converted -> {target} | MCD unconverted -> {target} | difference |", end="")
print(f" median F0 out / {target} |")
print("| --- | --- | --- | --- | --- |")
for way in sys.argv[3:]:
    mcep, f0 = load(way)
    converted = mcd_to_reference(mcep)
    out, ref = median_f0(f0), median_f0(reference_f0)
    print(
        f"| {way} | {converted:.2f} dB | {unconverted:.2f} dB | {converted - unconverted:+.2f} dB |"
        f" {out:.1f} / {ref:.1f} Hz ({100 * (out - ref) / ref:+.1f}%) |"
    )
PY
