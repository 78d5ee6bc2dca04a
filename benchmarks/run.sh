#!/usr/bin/env bash
# The benchmark set of issue 16: every comparison a ratio measured in one run, interleaved.
# Writes benchmarks/report/results.md (plus each phase's rounds as TSV beside it).
#
#   benchmarks/run.sh            # full set, ~20-25 min on 2 shared cores
#   QUICK=1 benchmarks/run.sh    # a ~3-minute check of the script itself; figures not kept
#
# Phases:
#   1. FloorRatios     per-frame cost of liverec (I420, BGR24), JavaCV and the floor on wrapped
#                      frames, as ratios to the bare encoder, rounds interleaved in one JVM
#   2. ProcessRatios   `recorder-app/bin/liverec record --source url:FILE` (and bare `java -jar`,
#                      and the ffmpeg program of liverec's own FFmpeg 8.1 build) vs Debian's
#                      ffmpeg CLI on the same raw 1080p30 file, alternating processes (wall, CPU,
#                      peak RSS)
#   3. LiveKitCapacity recordings through `liverec loopback-server` (its own process) at 360p,
#                      720p, 1080p: largest N with zero drops and p99 < 33 ms, cores and RSS each
#   4. ScalerFlags     swscale flags for packed RGB: speed (interleaved ratio to bilinear) against
#                      colour error (PSNR against the most accurate conversion)
# The machine may be shared: the load average is written before every phase. Exit status 2 when
# a contender measured below the floor (a benchmark bug: the report says which).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
QUICK=${QUICK:-0}
RAW=$ROOT/benchmarks/target/bench
OUT=$ROOT/benchmarks/report
mkdir -p "$RAW" "$OUT"

for tool in ffmpeg ffprobe /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "run.sh needs ffmpeg, ffprobe and GNU time: apt-get install ffmpeg time" >&2; exit 1; }
done

# Build with the reactor (never `mvn install`): the fat jar and the benchmarks' classpath.
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -ntp -q -pl recorder-app,benchmarks -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
CP=$ROOT/benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)
JAR=$ROOT/recorder-app/target/liverec.jar
JAVA=(java -Xmx3g -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  -Dliverec.bench.sidecar="$RAW/sidecar.tsv" -cp "$CP")

if [[ "$QUICK" == 1 ]]; then
  FLOOR=(sizes=640x360 preset=veryfast rounds=3 warmup=1)
  PROCESS=(size=640x360 seconds=2 rounds=2 warmup=0)
  LIVEKIT=(sizes=640x360 max=2 seconds=3 warmup=1)
else
  FLOOR=(sizes=${FLOOR_SIZES:-640x360,1280x720,1920x1080} preset=veryfast
    rounds=${FLOOR_ROUNDS:-15} warmup=2)
  PROCESS=(size=1920x1080 seconds=20 rounds=${PROCESS_ROUNDS:-6} warmup=1)
  LIVEKIT=(sizes=640x360,1280x720,1920x1080 max=${LIVEKIT_MAX:-4} seconds=10 warmup=3)
fi

LOADS=()
load() {
  local l; l=$(cut -d' ' -f1-3 /proc/loadavg)
  LOADS+=("$1: $l")
  echo "== $1 (load average $l)"
}

started=$(date +%s)
load "per-frame ratios"
floor_status=0
"${JAVA[@]}" dev.liverec.benchmarks.FloorRatios "${FLOOR[@]}" out="$RAW/floor-ratios" \
  2> >(tee "$RAW/floor-ratios.err" >&2) || floor_status=$?
[[ $floor_status == 0 || $floor_status == 2 ]] || exit $floor_status

load "whole-process ratios"
"${JAVA[@]}" dev.liverec.benchmarks.ProcessRatios jar="$JAR" "${PROCESS[@]}" \
  out="$RAW/process-ratios"

load "LiveKit capacity"
"${JAVA[@]}" dev.liverec.benchmarks.LiveKitCapacity jar="$JAR" "${LIVEKIT[@]}" \
  out="$RAW/livekit-capacity.tsv"
load "swscale flags"
"${JAVA[@]}" dev.liverec.benchmarks.ScalerFlags rounds=$([[ "$QUICK" == 1 ]] && echo 3 || echo 15) \
  frames=5 out="$RAW/scaler-flags"
load "end"

{
  echo "# liverec benchmark run $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
  echo "$(free -g | awk '/Mem:/{print $2}') GiB RAM; $(java -version 2>&1 | sed -n 2p);"
  echo "ffmpeg CLI $(ffmpeg -version | head -1 | cut -d' ' -f3); commit $(git rev-parse --short HEAD)"
  echo "$(git diff --quiet HEAD -- . || echo '(with uncommitted changes)'). Took $(( $(date +%s) - started )) s."
  echo
  echo "Command: \`${0#"$ROOT"/} \` (QUICK=$QUICK)"
  echo
  echo "Load average (1/5/15 min) before each phase:"
  for l in "${LOADS[@]}"; do echo "- $l"; done
  echo
  echo "## 1. Per-frame cost, ratios to the floor (interleaved rounds, one JVM)"
  echo
  cat "$RAW/floor-ratios/ratios.md"
  if [[ $floor_status == 2 ]]; then
    echo
    echo "**The run failed as a benchmark bug:**"
    echo
    sed 's/^/    /' "$RAW/floor-ratios.err" | grep 'BENCHMARK BUG' || true
  fi
  echo
  echo "## 2. Whole process, liverec vs the ffmpeg CLI on the same file (alternating processes)"
  echo
  cat "$RAW/process-ratios/ratios.md"
  echo
  echo "## 3. LiveKit recordings in one recorder process (loopback server in its own process)"
  echo
  echo "| size | recordings | passed | cores per recording | CPU s per recorded s | RSS per recording (MiB) | min received fps | recorder drops | worst p99 latency (ms) | server cores (not counted) | recorder's cores by thread |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  sed -E 's/[a-zA-Z0-9]+=//g' "$RAW/livekit-capacity.tsv" | awk -F'\t' \
    '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6, $8, $11, $12, $13, $14, $16}'
} > "$RAW/results.md"

if [[ "$QUICK" != 1 ]]; then
  cp "$RAW/results.md" "$OUT/results.md"
  cp "$RAW/floor-ratios/rounds.tsv" "$OUT/floor-ratios-rounds.tsv"
  cp "$RAW/process-ratios/rounds.tsv" "$OUT/process-ratios-rounds.tsv"
  cp "$RAW/livekit-capacity.tsv" "$OUT/livekit-capacity.tsv"
  echo "results in $OUT/results.md"
else
  echo "quick check done: $RAW/results.md (not copied to report/)"
fi
echo "total $(( $(date +%s) - started )) s"
exit $floor_status
