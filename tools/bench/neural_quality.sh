#!/usr/bin/env bash
# Objective quality of `bowtie convert --voice TARGET` on a held-out sentence spoken by a voice
# the pack was not trained on, against TARGET's own rendering of the same sentence (flite).
#
#   bash tools/bench/neural_quality.sh [--model DIR] [--target slt] [--source kal16|espeak:en-us+m3]
#                                      [--sentence TEXT]
#
# Prints MCD (dB, DTW-aligned, c1..cM, c0 excluded, speech frames only) of the converted speech
# and of the unconverted input to the target's rendering, and the median F0 of all three.
# Features come from `bowtie features`; MCD and DTW from bowtie_tools.evaluate.metrics.
# Needs flite, espeak-ng, sox, Debian's /usr/bin/python3 and a built realtime/target/bowtie.jar.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=realtime/target/bowtie.jar
[ -f "$jar" ] || { echo "neural_quality: build first: mvn -q -DskipTests package" >&2; exit 1; }
model=()
target=slt
source=espeak:en-us+m3
# The last sentence of tools/bowtie_tools/data/sentences.py: in every recipe's held-out tail.
sentence=$(PYTHONPATH=tools /usr/bin/python3 -c \
  'from bowtie_tools.data.sentences import SENTENCES; print(SENTENCES[-1])')
while [ $# -gt 0 ]; do
  case $1 in
    --model) model=(--model "$2"); shift 2 ;;
    --target) target=$2; shift 2 ;;
    --source) source=$2; shift 2 ;;
    --sentence) sentence=$2; shift 2 ;;
    *) echo "neural_quality: unknown argument $1" >&2; exit 1 ;;
  esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

say() { # VOICE OUT.wav
  case $1 in
    espeak:*) espeak-ng -v "${1#espeak:}" -w "$work/raw.wav" "$sentence" ;;
    *) flite -voice "$1" -t "$sentence" -o "$work/raw.wav" ;;
  esac
  sox "$work/raw.wav" -r 16000 -c 1 -b 16 "$2"
}
say "$source" "$work/source.wav"
say "$target" "$work/reference.wav"
java -jar "$jar" convert "$work/source.wav" "$work/converted.wav" --voice "$target" "${model[@]}"
for name in source reference converted; do
  java -jar "$jar" features "$work/$name.wav" "$work/$name" > /dev/null
done
echo "sentence: $sentence"
echo "source: $source (not in the pack), target: $target"
PYTHONPATH=tools /usr/bin/python3 - "$work" <<'PY'
import sys
from pathlib import Path

import numpy as np

from bowtie_tools.evaluate.metrics import dtw_path, mel_cepstral_distortion

work = Path(sys.argv[1])


def load(name):
    mcep = np.load(work / name / "mcep.npy").astype(np.float64)
    f0 = np.load(work / name / "f0.npy").astype(np.float64)
    speech = mcep[:, 0] > np.percentile(mcep[:, 0], 99) - 4.0  # the tools' silence rule
    return mcep[speech, 1:], f0[speech]


reference, reference_f0 = load("reference")
for name in ("converted", "source"):
    mcep, _ = load(name)
    ia, ib = dtw_path(mcep, reference)
    print(f"MCD {name:>9} -> reference: {mel_cepstral_distortion(mcep[ia], reference[ib]):.2f} dB")
for name in ("converted", "source", "reference"):
    f0 = load(name)[1]
    print(f"median F0 {name:>9}: {np.median(f0[f0 > 0]):.1f} Hz")
PY
