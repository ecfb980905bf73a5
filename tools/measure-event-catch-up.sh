#!/bin/bash
# usage: measure-event-catch-up.sh BIN STORE EVENTS PORT
# Times three single GET /v1/events catch-ups of EVENTS events (a copy of STORE served by BIN run on
# 127.0.0.1:PORT with a viewer token), then twenty at once while /healthz is probed every 0.1 s.
# Needs curl, bc, sha256sum. See docs/performance.md.
set -u
BIN=$1; STORE=$2; N=$3; PORT=$4
TOKEN=catch-up-viewer-token
WORK=$(mktemp -d); cp -r "$STORE" $WORK/store
cat > $WORK/cfg.json <<JSON
{"port": $PORT, "tokens": [{"name": "vera", "role": "viewer", "sha256": "$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)"}]}
JSON
$BIN run --store $WORK/store --config $WORK/cfg.json > $WORK/run.log 2>&1 &
PID=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' localhost:$PORT/readyz)" = 200 ]; do sleep 0.2; done
H="Authorization: Bearer $TOKEN"
for i in 1 2 3; do
  /usr/bin/time -f "one catch-up: %e s wall" curl -sN -H "$H" "localhost:$PORT/v1/events?from=1&limit=$N" -o $WORK/one.txt
done
echo "frames: $(grep -c '^id: ' $WORK/one.txt)"
start=$(date +%s.%N)
pids=()
for i in $(seq 1 20); do curl -sN -H "$H" "localhost:$PORT/v1/events?from=1&limit=$N" -o $WORK/c$i.txt & pids+=($!); done
: > $WORK/healthz.txt
while kill -0 ${pids[@]} 2>/dev/null; do
  curl -s -o /dev/null -w '%{time_total}\n' localhost:$PORT/healthz >> $WORK/healthz.txt
  sleep 0.1
done
wait ${pids[@]}
end=$(date +%s.%N)
echo "20 catch-ups: $(echo "$end - $start" | bc) s wall; frames each: $(for i in $(seq 1 20); do grep -c '^id: ' $WORK/c$i.txt; done | sort -u | tr '\n' ' ')"
sort -n $WORK/healthz.txt | awk '{a[NR]=$1} END {printf "/healthz during: %d probes, p50 %.3f s, p90 %.3f s, max %.3f s\n", NR, a[int(NR*0.5)+1], a[int(NR*0.9)+1], a[NR]}'
kill -TERM $PID; wait $PID
rm -rf $WORK
