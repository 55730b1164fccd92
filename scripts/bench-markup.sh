#!/usr/bin/env bash
# Hostile markup stays cheap: times `check` and `build` on one entry whose `details` holds 64 kB,
# 256 kB and 960 kB of raw HTML (a catalog file is at most 1 MiB), (a) nested without end (`<ul><li>` repeated: refused with
# `markup-too-deep`) and (b) nested 90 deep and closed, repeated to the same size (built). Time
# must grow in proportion to size. Rounds are interleaved; prints the median of each.
#
# Usage: scripts/bench-markup.sh [ROUNDS]      (default 5; needs bc)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-5}"
cargo build --release --quiet --bin errdocs
ERRDOCS="${CARGO_TARGET_DIR:-target}/release/errdocs"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

make_site() { # name kind kilobytes
  local dir="$WORK/$1"
  mkdir -p "$dir/content/errors/401"
  python3 - "$2" "$3" > "$dir/content/errors/401/x.yaml" <<'PY'
import sys
kind, kb = sys.argv[1], int(sys.argv[2])
size = kb * 1024
if kind == "unbounded":
    html = "<ul><li>" * (size // 8)
else:
    unit = "<div>" * 90 + "x" + "</div>" * 90
    html = unit * (size // len(unit))
print("status: 401\ntitle: T\nsummary: S.\nallow: [missing-sample-pair]\nresponse:\n  status: 401")
print("  headers:\n    WWW-Authenticate: Bearer realm=\"api\"\ndetails: |\n  " + html)
PY
}

for kind in unbounded bounded; do
  for kb in 64 256 960; do make_site "$kind-$kb" "$kind" "$kb"; done
done

declare -A times
for round in $(seq "$ROUNDS"); do
  for kind in unbounded bounded; do
    for kb in 64 256 960; do
      for cmd in check build; do
        dir="$WORK/$kind-$kb"
        rm -rf "$dir/public" "$dir/.public.errdocs-state"
        start=$EPOCHREALTIME
        "$ERRDOCS" "$cmd" --root "$dir" >/dev/null 2>&1 || true
        t=$(echo "$EPOCHREALTIME - $start" | bc)
        times["$kind $kb $cmd"]+="$t "
      done
    done
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '%-10s %8s %10s %10s\n' markup size check build
for kind in unbounded bounded; do
  for kb in 64 256 960; do
    c=$(echo "${times["$kind $kb check"]}" | median)
    b=$(echo "${times["$kind $kb build"]}" | median)
    printf '%-10s %6s kB %9.3fs %9.3fs\n' "$kind" "$kb" "$c" "$b"
  done
done
