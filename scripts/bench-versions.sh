#!/usr/bin/env bash
# Two errdocs binaries side by side on one generated catalog, rounds interleaved (old, new, old,
# new, …) so that the machine's load falls on both alike: the median wall time and peak memory of a
# clean build and of a rebuild with nothing changed, and the ratios new/old.
#
# Usage: scripts/bench-versions.sh OLD_BINARY NEW_BINARY [ENTRIES] [ROUNDS]
#        (defaults: 10000 entries, 5 rounds; needs GNU time: apt-get install -y time)
# Build the old binary from another commit, e.g.:
#   git worktree add /tmp/old <commit> && (cd /tmp/old && cargo build --release)
# BENCH_GEN names the catalog generator to use instead of this tree's: when OLD predates fields
# that today's generator writes, use the generator of OLD's commit (its catalogs stay valid input
# for NEW), e.g. BENCH_GEN=/tmp/old/target/release/examples/gen_catalog.
set -euo pipefail
cd "$(dirname "$0")/.."
OLD="$1"
NEW="$2"
ENTRIES="${3:-10000}"
ROUNDS="${4:-5}"
WORK="${BENCH_DIR:-/dev/shm/errdocs-versions}/$ENTRIES"
GEN="${BENCH_GEN:-}"
if [ -z "$GEN" ]; then
  cargo build --release --quiet --example gen_catalog
  GEN="${CARGO_TARGET_DIR:-target}/release/examples/gen_catalog"
fi
rm -rf "$WORK" && mkdir -p "$WORK"
"$GEN" --entries "$ENTRIES" --out "$WORK/site" >/dev/null

declare -A results
run() { # name binary out-folder
  local t
  t=$( { /usr/bin/time -f "%e %M" "$2" build --quiet --root "$WORK/site" --out "$3" >/dev/null; } 2>&1 | tail -1)
  results["$1"]+="$t;"
}
for round in $(seq "$ROUNDS"); do
  for v in old new; do
    bin=$OLD; [ "$v" = new ] && bin=$NEW
    out="$WORK/out-$v"
    rm -rf "$out" "$WORK/.out-$v.errdocs-state"
    run "$v clean" "$bin" "$out"
    run "$v no-op" "$bin" "$out"
  done
done

median() { tr ';' '\n' | grep -v '^$' | awk -v c="$1" '{print $c}' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '%-14s %10s %12s\n' "" "seconds" "peak MB"
for k in "old clean" "new clean" "old no-op" "new no-op"; do
  s=$(echo "${results[$k]}" | median 1)
  m=$(echo "${results[$k]}" | median 2)
  printf '%-14s %10s %12s\n' "$k" "$s" "$((m / 1024))"
done
for k in clean no-op; do
  o=$(echo "${results["old $k"]}" | median 1)
  n=$(echo "${results["new $k"]}" | median 1)
  echo "$k: new/old = $(echo "scale=2; $n / $o" | bc)"
done
