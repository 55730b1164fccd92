#!/usr/bin/env bash
# `errdocs mock` against Prism 5 serving the same catalog (Prism serves `errdocs export openapi`):
# requests per second and p99 latency at 1, 16 and 64 connections, measured with wrk on one
# documented request both answer the same way, `Prefer: example=KEY`. Both servers run side by
# side for the whole run; rounds are interleaved (each round measures every server at every
# concurrency) and the medians are reported.
#
# Usage: scripts/bench-mock.sh [ROUNDS] [SECONDS]   (defaults: 3 rounds of 10 s per measurement)
# Env: ERRDOCS=path/to/errdocs (default: target/release/errdocs if built, else target/debug/errdocs)
#      SITE=folder (default: examples/parcel-api), KEY, METHOD_PATH (the request), PRISM
# Needs: wrk (Debian), tests/openapi's npm packages (`npm ci` there: Prism).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
seconds="${2:-10}"
site="${SITE:-examples/parcel-api}"
key="${KEY:-410.label-expired.1.incorrect}"
path="${METHOD_PATH:-/v1/labels/lbl_2Cv5Ty}"
header="${HEADER:-Parcelo-Api-Key: example-parcelo-api-key}"
prism="${PRISM:-tests/openapi/node_modules/.bin/prism}"
errdocs="${ERRDOCS:-}"
if [ -z "$errdocs" ]; then
  errdocs=target/debug/errdocs
  [ -x target/release/errdocs ] && errdocs=target/release/errdocs
fi
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
[ -x "$prism" ] || { echo "$prism is missing (cd tests/openapi && npm ci)" >&2; exit 1; }
[ -x "$errdocs" ] || { echo "$errdocs is missing (cargo build)" >&2; exit 1; }

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$errdocs" export openapi --quiet --root "$site" --out "$work/api.json"

"$errdocs" mock --quiet --port 0 --root "$site" >"$work/mock.out" 2>/dev/null &
pids+=($!)
for _ in $(seq 100); do grep -q "mock API at" "$work/mock.out" 2>/dev/null && break; sleep 0.1; done
mock_url="$(sed -n 's/^mock API at \(.*\)\/$/\1/p' "$work/mock.out")"

prism_port="$(free_port)"
"$prism" mock --cors false --verboseLevel silent --host 127.0.0.1 --port "$prism_port" "$work/api.json" >/dev/null 2>&1 &
pids+=($!)
prism_url="http://127.0.0.1:$prism_port"
for _ in $(seq 300); do curl -s -o /dev/null "$prism_url/" && break; sleep 0.2; done

# Both must give the documented answer before anything is measured.
for url in "$mock_url" "$prism_url"; do
  status="$(curl -s -o "$work/body" -w '%{http_code}' -H "$header" -H "Prefer: example=$key" "$url$path")"
  echo "$url$path -> $status $(head -c 80 "$work/body")"
  [ "$status" = "${key%%.*}" ] || { echo "expected ${key%%.*}" >&2; exit 1; }
done

# wrk's figures in one unit: requests/s, and p99 in milliseconds.
measure() { # url connections -> "rps p99ms"
  local threads=$(( $2 < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$2" -d"${seconds}s" --latency -H "$header" -H "Prefer: example=$key" "$1$path" |
    awk '/Requests\/sec/ {rps=$2}
         $1=="99%" { v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v }
         END {printf "%s %.2f\n", rps, p99}'
}

for round in $(seq "$rounds"); do
  for c in 1 16 64; do
    for server in errdocs prism; do
      url="$mock_url"; [ "$server" = prism ] && url="$prism_url"
      read -r rps p99 < <(measure "$url" "$c")
      echo "$server $c $rps $p99" >>"$work/results"
      echo "round $round: $server, $c connections: $rps req/s, p99 $p99 ms"
    done
  done
done

echo
echo "medians of $rounds rounds of ${seconds}s ($(nproc) cores; $("$errdocs" --version); Prism $("$prism" --version))"
printf '%-12s %8s %14s %12s\n' server conns "req/s" "p99 (ms)"
for c in 1 16 64; do
  for server in errdocs prism; do
    awk -v s="$server" -v c="$c" '$1==s && $2==c {print $3, $4}' "$work/results" |
      python3 -c '
import statistics, sys
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
print("%.0f %.2f" % (statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)))' |
      { read -r rps p99; printf '%-12s %8s %14s %12s\n' "$server" "$c" "$rps" "$p99"; }
  done
done
