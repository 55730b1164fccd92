#!/usr/bin/env bash
# Counts the instructions of one clean build of a generated catalog (cachegrind's `I refs`), for
# the working tree and, given a git revision, for that revision too, and prints the ratio. Unlike
# wall time, the count does not move with the machine's load, so it tells two versions of the code
# apart where a few percent would drown in noise. It leaves out the kernel's work (writing files).
#
# Usage: scripts/bench-instructions.sh [ENTRIES] [REVISION]      (defaults: 1000 entries, none)
# Needs: apt-get install -y valgrind. A build under cachegrind is about 50 times slower: 1,000
# entries take about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."

ENTRIES="${1:-1000}"
REV="${2:-}"
WORK="${BENCH_DIR:-/dev/shm/errdocs-bench}/instructions-$ENTRIES"
command -v valgrind >/dev/null || { echo "needs valgrind: apt-get install -y valgrind" >&2; exit 2; }

cargo build --release --quiet --bin errdocs --example gen_catalog
TARGET="${CARGO_TARGET_DIR:-target}/release"
rm -rf "$WORK" && mkdir -p "$WORK"
"$TARGET/examples/gen_catalog" --entries "$ENTRIES" --out "$WORK/site"
cp "$TARGET/errdocs" "$WORK/errdocs-tree"
BINARIES=("$WORK/errdocs-tree")

if [ -n "$REV" ]; then
  # The revision is built in its own worktree, into a target folder of its own that later runs
  # reuse (a first build takes a few minutes).
  REV_TARGET="${CARGO_TARGET_DIR:-$PWD/target}/bench-rev"
  git worktree add --quiet --detach "$WORK/rev" "$REV"
  trap 'git worktree remove --force "$WORK/rev"' EXIT
  (cd "$WORK/rev" && CARGO_TARGET_DIR="$REV_TARGET" cargo build --release --quiet --bin errdocs)
  cp "$REV_TARGET/release/errdocs" "$WORK/errdocs-rev"
  BINARIES=("$WORK/errdocs-rev" "$WORK/errdocs-tree")
fi

# Prints the instruction count of one clean build by the binary $1.
count() {
  rm -rf "$WORK/out"
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    "$1" build --quiet --root "$WORK/site" --out "$WORK/out" 2>&1 |
    sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' | tr -d ,
}

declare -A IR
for bin in "${BINARIES[@]}"; do
  IR[$bin]="$(count "$bin")"
  printf '%-14s %6.3f G instructions\n' "$(basename "$bin")" \
    "$(awk -v n="${IR[$bin]}" 'BEGIN { print n / 1e9 }')"
done
if [ -n "$REV" ]; then
  awk -v a="${IR[$WORK/errdocs-rev]}" -v b="${IR[$WORK/errdocs-tree]}" -v rev="$REV" \
    'BEGIN { printf "tree / %s: %.3fx\n", rev, b / a }'
fi
