#!/usr/bin/env bash
# Lighthouse scores (its default phone profile: a mid-range phone, throttled network and CPU) of the
# shipped site's home page, an entry, a comparison and the decision tree, and of the same kinds of
# page in examples/parcel-api, with Debian's Chromium. The figures go in docs/performance.md.
# Usage: bash scripts/lighthouse.sh   (fetches lighthouse from the npm registry on first use)
#        ERRDOCS_BIN=target/debug/errdocs bash scripts/lighthouse.sh   (an errdocs already built)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
bin="${ERRDOCS_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --quiet --release
  bin="${CARGO_TARGET_DIR:-target}/release/errdocs"
fi
"$bin" build --quiet --out "$out/shipped"
"$bin" build --quiet --root examples/parcel-api --out "$out/parcel"
flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
servers=()
trap 'kill "${servers[@]}" 2>/dev/null; rm -rf "$out"' EXIT
port=8791
for site in "shipped: /401/expired-token/ /compare/401-vs-403/ /trees/why-401/" \
            "parcel: /422/weight-out-of-range/ /compare/400-vs-422/ /trees/shipment-not-created/"; do
  name=${site%%:*}
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$out/$name" >/dev/null 2>&1 &
  servers+=($!)
  sleep 1
  for page in / ${site#*:}; do
    CHROME_PATH=/usr/bin/chromium npx --yes lighthouse@12 "http://127.0.0.1:$port$page" --quiet \
      --chrome-flags="$flags" --output=json --output-path="$out/report.json" >/dev/null 2>&1
    node -e '
      const r = require(process.argv[1]);
      console.log(process.argv[2].padEnd(40), Object.values(r.categories).map(c => c.id + " " + Math.round(c.score * 100)).join(", "));
    ' "$out/report.json" "$name $page"
  done
  port=$((port + 1))
done
