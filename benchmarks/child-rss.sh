#!/usr/bin/env bash
# What one recording costs in memory in a `record-part` child process (liverec worker
# --isolation process) against the references, interleaved round by round: RSS (VmRSS of
# /proc/<pid>/status) sampled five times, 2 s apart, from 20 s after the start, synthetic
# source, 30 fps. Needs the built jar (mvn -pl recorder-app -am package -DskipTests) and curl.
#   benchmarks/child-rss.sh [SIZES...]     default: 640x360 1280x720; ROUNDS=2
set -euo pipefail
JAR=${JAR:-recorder-app/target/liverec.jar}
ROUNDS=${ROUNDS:-2}
if [[ $# -gt 0 ]]; then SIZES=("$@"); else SIZES=(640x360 1280x720); fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The flags ChildPartLauncher.CHILD_FLAGS gives a child.
CHILD=(-Xms8m -Xmx96m -Xss512k -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=24m
  -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1
  -Dlogback.configurationFile=logback-child.xml)

samples() { # pid -> five RSS samples in MB
  local out=""
  for _ in 1 2 3 4 5; do
    out+=" $(awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status")"
    sleep 2
  done
  echo "$out"
}

child() { # size round
  mkfifo "$WORK/in-$1-$2"
  java "${CHILD[@]}" -cp "$JAR" dev.liverec.app.Main record-part --mint-id rss --size "$1" \
    --fps 30 --part "$2" --output "$WORK/child-$1-$2.mp4" --source synthetic \
    < "$WORK/in-$1-$2" > /dev/null 2> "$WORK/child-$1-$2.err" &
  local pid=$!
  exec 3> "$WORK/in-$1-$2"
  sleep 20
  echo "$1 record-part child (MB):$(samples $pid)"
  echo stop >&3
  exec 3>&-
  wait $pid
}

record() { # size round
  java -Xmx512m -jar "$JAR" record --size "$1" --fps 30 --duration 30s \
    --output "$WORK/record-$1-$2.mp4" > /dev/null 2>&1 &
  local pid=$!
  sleep 20
  echo "$1 record -Xmx512m (MB):$(samples $pid)"
  wait $pid
}

shared() { # size round port: serve with one, then three recordings
  local port=$3 dir="$WORK/serve-$1-$2"
  mkdir -p "$dir"
  java -Xmx512m -jar "$JAR" serve --port "$port" --size "$1" --fps 30 --recordings "$dir" \
    --max-recordings 8 --cpu-budget 2 > "$dir.log" 2>&1 &
  local pid=$!
  for _ in $(seq 60); do curl -s "localhost:$port/health" > /dev/null && break; sleep 1; done
  api() { curl -s -XPOST "localhost:$port/api/recording/$1" -H 'Content-Type: application/json' \
    -d "{\"mint_id\":\"$2\"}" > /dev/null; }
  api start a
  sleep 20
  echo "$1 serve, 1 recording (MB):$(samples $pid)"
  api start b
  api start c
  sleep 20
  echo "$1 serve, 3 recordings (MB):$(samples $pid)"
  for m in a b c; do api stop $m; done
  kill $pid
  wait $pid || true
}

echo "# $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
for round in $(seq "$ROUNDS"); do
  for size in "${SIZES[@]}"; do
    child "$size" "$round"
    record "$size" "$round"
    shared "$size" "$round" $((18400 + round))
  done
done
