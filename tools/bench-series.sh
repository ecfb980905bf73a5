#!/bin/sh
# Runs `orchestrator bench store --events 1000000 --json` N times in a row and appends one line per
# run to OUT: the time, the load average, then the run's JSON object. The figures in
# docs/performance.md's dated sections come from series like this one.
#
#   tools/bench-series.sh .build/release/orchestrator 12 series.txt
set -eu
if [ $# -ne 3 ]; then
  echo "usage: tools/bench-series.sh ORCHESTRATOR_BINARY RUNS OUT" >&2
  exit 64
fi
bin=$1 runs=$2 out=$3
i=0
while [ "$i" -lt "$runs" ]; do
  at=$(date +%H:%M:%S)
  load=$(cut -d' ' -f1 /proc/loadavg)
  line=$("$bin" bench store --events 1000000 --json | tail -n 1)
  echo "$at load=$load $line" >> "$out"
  i=$((i + 1))
done
