#!/usr/bin/env bash
# Lighthouse scores of the shipped site's home page and an entry page, with Debian's Chromium.
# Usage: bash scripts/lighthouse.sh   (fetches lighthouse from the npm registry on first use)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
cargo run --quiet --release -- build --quiet --out "$out/public"
port=8791
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$out/public" >/dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
sleep 1
flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
for page in "" "401/expired-token/"; do
  CHROME_PATH=/usr/bin/chromium npx --yes lighthouse@12 "http://127.0.0.1:$port/$page" --quiet \
    --chrome-flags="$flags" --output=json --output-path="$out/report.json" >/dev/null 2>&1
  node -e '
    const r = require(process.argv[1]);
    console.log((process.argv[2] || "home").padEnd(22), Object.values(r.categories).map(c => c.id + " " + Math.round(c.score * 100)).join(", "));
  ' "$out/report.json" "$page"
done
