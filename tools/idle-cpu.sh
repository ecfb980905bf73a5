#!/bin/sh
# tools/idle-cpu.sh BINARY STORE [SECONDS]
# Starts `BINARY run --store STORE --port 0`, waits for "listening", then reports the CPU time
# (user + system, from /proc) the idle service used over SECONDS (default 10), and stops it.
set -eu
B=$1; S=$2; W=${3:-10}
out=$(mktemp)
"$B" run --store "$S" --port 0 > "$out" 2>/dev/null &
pid=$!
while ! grep -q listening "$out"; do
    kill -0 $pid 2>/dev/null || { echo "$B run stopped before it listened" >&2; exit 1; }
    sleep 0.2
done
t0=$(awk '{print $14 + $15}' /proc/$pid/stat)
sleep "$W"
t1=$(awk '{print $14 + $15}' /proc/$pid/stat)
kill -TERM $pid; wait $pid || true
rm -f "$out"
echo "$(basename "$B"): $(( (t1 - t0) * 1000 / $(getconf CLK_TCK) )) ms of CPU in $W s idle"
