#!/usr/bin/env bash
# Real-time factor of `bowtie convert --voice identity` on one core, beside SPTK 3.9's
# command-line analysis/synthesis pipeline on the same 60 s file, in the same run.
#
#   bash tools/bench/convert_vs_sptk.sh [CORE]
#
# CORE (default 0) is the CPU both are pinned to with taskset. Prints one line per run and a
# summary; needs sox, sptk and a built plugin/target/bowtie.jar.
set -euo pipefail
cd "$(dirname "$0")/../.."
core=${1:-0}
sptk=${SPTK_BIN:-/usr/libexec/sptk/bin}
jar=plugin/target/bowtie.jar
[ -f "$jar" ] || { echo "convert_vs_sptk: build first: mvn -q -DskipTests package" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sample=models/src/main/resources/bowtie/samples/sample.wav
reps=$(awk -v d="$(soxi -D "$sample")" 'BEGIN { print int(60 / d) + 1 }')
inputs=()
for _ in $(seq "$reps"); do inputs+=("$sample"); done
sox "${inputs[@]}" "$work/long.wav" trim 0 60
sox "$work/long.wav" -t raw -e floating-point -b 32 -L "$work/long.f32"
seconds=$(soxi -D "$work/long.wav")

now() { date +%s.%N; }
rtf() { awk -v a="$1" -v b="$2" -v s="$seconds" 'BEGIN { printf "%.4f", (b - a) / s }'; }

run_bowtie() {
  local mode=$1 t0 t1
  t0=$(now)
  taskset -c "$core" java -jar "$jar" convert "$work/long.wav" "$work/out.wav" \
    --voice identity --synthesis "$mode" > "$work/bowtie.log"
  t1=$(now)
  echo "$(rtf "$t0" "$t1") $(sed -E 's/.*\(([0-9.]+) x real time\).*/\1/' "$work/bowtie.log")"
}

run_sptk() {
  local t0 t1
  t0=$(now)
  (
    cd "$work"
    export PATH="$sptk:$PATH"
    taskset -c "$core" sh -c '
      frame -l 400 -p 80 < long.f32 | window -l 400 -L 512 \
        | mcep -a 0.42 -m 24 -l 512 -e 1e-8 > long.mcep
      sopr -m 32768 < long.f32 | pitch -a 0 -s 16 -p 80 -L 60 -H 500 > long.pitch
      excite -p 80 long.pitch | mlsadf -m 24 -a 0.42 -p 80 -P 5 long.mcep > long.syn'
  )
  t1=$(now)
  echo "$(rtf "$t0" "$t1")"
}

echo "60 s of speech at 16 kHz, pinned to CPU $core; real-time factor = wall time / 60 s"
echo "(Bowtie's wall time includes JVM start, wav reading and writing; 'engine alone' is"
echo " resampling, analysis and synthesis as timed by convert itself)"
for i in 1 2 3; do
  s=$(run_sptk)
  read -r v e < <(run_bowtie vocoder)
  read -r r _ < <(run_bowtie residual)
  echo "run $i: SPTK pipeline $s | bowtie vocoder $v (engine alone $e) | bowtie residual $r"
  echo "$s $v $r $e" >> "$work/all"
done
median() { cut -d' ' -f"$1" "$work/all" | sort -n | sed -n 2p; }
s=$(median 1); v=$(median 2); r=$(median 3); e=$(median 4)
awk -v s="$s" -v v="$v" -v r="$r" -v e="$e" 'BEGIN {
  printf "median of 3: SPTK pipeline %.4f | bowtie vocoder %.4f (%.1fx faster) | bowtie residual %.4f (%.1fx faster) | bowtie vocoder engine alone %.4f\n",
    s, v, s / v, r, s / r, e }'
