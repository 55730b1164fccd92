#!/usr/bin/env bash
# Builds one generated catalog with errdocs, the same content as Markdown with Hugo (and mdBook, when
# installed), and the floor (only writing errdocs' files and folders), in one run, rounds interleaved,
# output on /dev/shm. Prints the median wall time and peak memory of each, and the ratios.
#
# Usage: scripts/bench-compare.sh [ENTRIES] [ROUNDS]        (defaults: 10000 entries, 5 rounds)
# Needs: apt-get install -y hugo time; mdBook is used when `mdbook` is on PATH or in
# $HOME/.cache/errdocs-bench/mdbook/bin (cargo install mdbook --locked --root that folder), and only
# up to MDBOOK_MAX entries (default 2000): it grows worse than linearly. Hugo runs up to HUGO_MAX
# entries (default 2000): at 10,000 entries of this corpus it stops on its per-page timeout after
# about 15 minutes, holding over 15 GB.
set -euo pipefail
cd "$(dirname "$0")/.."

ENTRIES="${1:-10000}"
ROUNDS="${2:-5}"
MDBOOK_MAX="${MDBOOK_MAX:-2000}"
HUGO_MAX="${HUGO_MAX:-2000}"
HUGO=1
[ "$ENTRIES" -gt "$HUGO_MAX" ] && HUGO=""
WORK="${BENCH_DIR:-/dev/shm/errdocs-bench}/$ENTRIES"
TIME=/usr/bin/time
command -v hugo >/dev/null || { echo "needs hugo: apt-get install -y hugo" >&2; exit 2; }
[ -x "$TIME" ] || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }
MDBOOK="$(command -v mdbook || true)"
[ -z "$MDBOOK" ] && [ -x "$HOME/.cache/errdocs-bench/mdbook/bin/mdbook" ] && MDBOOK="$HOME/.cache/errdocs-bench/mdbook/bin/mdbook"
[ "$ENTRIES" -gt "$MDBOOK_MAX" ] && MDBOOK=""

cargo build --release --quiet --bin errdocs --example gen_catalog --example write_floor
TARGET="${CARGO_TARGET_DIR:-target}/release"
ERRDOCS="$TARGET/errdocs"

rm -rf "$WORK" && mkdir -p "$WORK"
"$TARGET/examples/gen_catalog" --entries "$ENTRIES" --out "$WORK/site"
[ -n "$HUGO" ] && "$TARGET/examples/gen_catalog" --from "$WORK/site" --format hugo --out "$WORK/hugo"
[ -n "$MDBOOK" ] && "$TARGET/examples/gen_catalog" --from "$WORK/site" --format mdbook --out "$WORK/book"
"$ERRDOCS" build --quiet --root "$WORK/site" --out "$WORK/out-errdocs"
"$TARGET/examples/write_floor" --manifest-from "$WORK/out-errdocs" > "$WORK/manifest.txt"

# One timed command: appends "name seconds peak-KB" to the results.
measure() {
  local name="$1"; shift
  local log="$WORK/time.log"
  "$TIME" -f "%e %M" -o "$log" "$@" > "$WORK/last.out" 2> "$WORK/last.err" || {
    echo "$name failed:" >&2; cat "$WORK/last.err" >&2; exit 1; }
  echo "$name $(tail -1 "$log")" >> "$WORK/results.txt"
}

ENTRY="$(find "$WORK/site/content/errors" -name '*.yaml' | sort | sed -n 1p)"
: > "$WORK/results.txt"
for round in $(seq "$ROUNDS"); do
  echo "round $round of $ROUNDS" >&2
  rm -rf "$WORK/out-errdocs" "$WORK/.out-errdocs.errdocs-state"
  measure errdocs "$ERRDOCS" build --quiet --root "$WORK/site" --out "$WORK/out-errdocs"
  measure errdocs-unchanged "$ERRDOCS" build --root "$WORK/site" --out "$WORK/out-errdocs"
  grep -q "nothing changed" "$WORK/last.err" || { echo "the rebuild wrote files" >&2; exit 1; }
  sed -i "s/^title: \(.*\)$/title: \1 (round $round)/" "$ENTRY"
  measure errdocs-one-entry "$ERRDOCS" build --root "$WORK/site" --out "$WORK/out-errdocs"
  sed -n 's/.*(\([0-9]* of [0-9]*\) files changed).*/\1/p' "$WORK/last.err" > "$WORK/changed.txt"
  sed -i "s/ (round $round)$//" "$ENTRY"
  rm -rf "$WORK/out-floor"
  measure floor "$TARGET/examples/write_floor" --manifest "$WORK/manifest.txt" --out "$WORK/out-floor"
  if [ -n "$HUGO" ]; then
    rm -rf "$WORK/out-hugo"
    measure hugo hugo --quiet --source "$WORK/hugo" --destination "$WORK/out-hugo"
  fi
  if [ -n "$MDBOOK" ]; then
    rm -rf "$WORK/out-book"
    measure mdbook "$MDBOOK" build "$WORK/book" --dest-dir "$WORK/out-book"
  fi
done

python3 - "$WORK" "$ENTRIES" "$ROUNDS" <<'PY'
import statistics, sys, pathlib
work, entries, rounds = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
runs = {}
for line in (work / "results.txt").read_text().split("\n"):
    if line.strip():
        name, secs, kb = line.split()
        runs.setdefault(name, []).append((float(secs), int(kb)))
med = {n: statistics.median(s for s, _ in r) for n, r in runs.items()}
mem = {n: statistics.median(k for _, k in r) / 1024 for n, r in runs.items()}
size = sum(int(l.split()[0]) for l in (work / "manifest.txt").read_text().splitlines())
files = len((work / "manifest.txt").read_text().splitlines())
print(f"\n{entries} entries, {files} files, {size / 1e6:.0f} MB of output; median of {rounds} rounds, interleaved")
print(f"{'':20} {'median s':>9} {'min s':>7} {'max s':>7} {'peak MB':>8}")
for n, r in runs.items():
    s = [x for x, _ in r]
    print(f"{n:20} {med[n]:9.2f} {min(s):7.2f} {max(s):7.2f} {mem[n]:8.0f}")
e = med["errdocs"]
if "hugo" in med:
    print(f"\nhugo / errdocs:               {med['hugo'] / e:6.1f}x")
if "mdbook" in med:
    print(f"mdbook / errdocs:             {med['mdbook'] / e:6.1f}x")
print(f"errdocs / floor:              {e / med['floor']:6.2f}x")
print(f"unchanged rebuild / build:    {med['errdocs-unchanged'] / e:6.1%}")
print(f"one entry changed / build:    {med['errdocs-one-entry'] / e:6.1%} "
      f"(files written: {(work / 'changed.txt').read_text().strip()})")
print(f"per entry, errdocs:           {e / int(entries) * 1e3:6.3f} ms")
PY
