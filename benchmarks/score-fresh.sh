#!/usr/bin/env bash
# `score` as users run it: a fresh process each time, the file in the page cache (one untimed read first).
# Prints each run's wall seconds and the median. Used for benchmarks/README.md "score as a fresh process".
#   benchmarks/score-fresh.sh CMD BASELINE INPUT [RUNS]      CMD: e.g. /tmp/dw-pub/driftwatch, or "python3 benchmarks/pandas_score.py"
# With CMD containing pandas_score.py the arguments are BASELINE INPUT, as that script takes them.
set -euo pipefail
cmd=$1 baseline=$2 input=$3 runs=${4:-5}
cat "$input" > /dev/null
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  if [[ $cmd == *pandas_score.py* ]]; then $cmd "$baseline" "$input" > /dev/null
  else $cmd score --baseline "$baseline" --input "$input" --format json > /dev/null; fi
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc)")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1; printf "run (fastest first): %.3f s\n", $1 } END { printf "median of %d: %.3f s\n", NR, t[int((NR + 1) / 2)] }'
