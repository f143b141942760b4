#!/usr/bin/env bash
# Before/after timing of one change: `parse --json` of one input by a built copy of git revision A and by the
# working tree's build (B), run alternately (this VM's speed drifts between runs), medians of wall time.
#   test/bench/compare-revs.sh <rev-A> [runs=10] [input=bench-out/inputs/oom-only.log]
# Inputs come from `npm run bench` (bench-out/inputs). Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/../.."
rev=$1; runs=${2:-10}; input=${3:-bench-out/inputs/oom-only.log}
copy=bench-out/rev-a
if [ "$(cat "$copy/.rev" 2>/dev/null)" != "$(git rev-parse "$rev")" ]; then
  rm -rf "$copy"; mkdir -p "$copy"
  git archive "$rev" | tar -x -C "$copy"
  ln -s "$PWD/node_modules" "$copy/node_modules"
  (cd "$copy" && npx tsc -p tsconfig.json >/dev/null)
  git rev-parse "$rev" > "$copy/.rev"
fi
wall() { { /usr/bin/time -f "%e" node "$1" parse --json --no-progress "$input" > /dev/null; } 2>&1; }
# In turns A B, B A: whichever runs second after a run was measured faster on this VM, whichever it was.
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) -eq 1 ]; then a=$(wall "$copy/bin/oomsleuth.js"); b=$(wall bin/oomsleuth.js)
  else b=$(wall bin/oomsleuth.js); a=$(wall "$copy/bin/oomsleuth.js"); fi
  echo "$a $b"
done |
  awk '{ a[NR] = $1; b[NR] = $2; r[NR] = $2 / $1 }
       function median(x, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
                                         return n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2 }
       END { printf "A %.3f s  B %.3f s  B/A %.3f  (medians of %d alternating runs)\n", median(a, NR), median(b, NR), median(r, NR), NR }'
