#!/bin/sh
# tools/measure-run.sh BINARY STORE [IDLE_SECONDS]
# Starts `BINARY run --store STORE --port 0` and reports: the seconds until it prints
# "listening", its anonymous memory (RssAnon) then, and the CPU time (user + system, from /proc)
# it uses while idle over the next IDLE_SECONDS (default 10). Then stops it.
set -eu
B=$1; S=$2; W=${3:-10}
out=$(mktemp)
start=$(date +%s.%N)
"$B" run --store "$S" --port 0 > "$out" 2>/dev/null &
pid=$!
while ! grep -q listening "$out"; do
    kill -0 $pid 2>/dev/null || { echo "$B run stopped before it listened" >&2; exit 1; }
    sleep 0.02
done
end=$(date +%s.%N)
anon=$(awk '/RssAnon/ {print $2}' /proc/$pid/status)
t0=$(awk '{print $14 + $15}' /proc/$pid/stat)
sleep "$W"
t1=$(awk '{print $14 + $15}' /proc/$pid/stat)
kill -TERM $pid; wait $pid || true
rm -f "$out"
echo "$(basename "$B"): listening after $(echo "$end - $start" | bc) s, RssAnon $anon kB, $(( (t1 - t0) * 1000 / $(getconf CLK_TCK) )) ms of CPU in $W s idle"
