#!/bin/sh
# tools/startup-time.sh BINARY STORE
# Starts `BINARY run --store STORE --port 0`, reports the seconds until it prints "listening" and
# its anonymous memory (RssAnon) then, and stops it.
set -eu
B=$1; S=$2
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
kill -TERM $pid; wait $pid || true
rm -f "$out"
echo "$(basename "$B"): listening after $(echo "$end - $start" | bc) s, RssAnon $anon kB"
