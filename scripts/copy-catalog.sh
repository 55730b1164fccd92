#!/usr/bin/env bash
# Makes a large site for measuring: the shipped site with its entries copied under new slugs until
# the catalog holds N entries, the copies spread over twenty status codes (as a real API's errors
# are), each copy's `status` and response status rewritten to match its folder.
# Usage: bash scripts/copy-catalog.sh 10000 /dev/shm/copy10k
set -euo pipefail
n="${1:?number of entries}"
out="${2:?output folder}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
codes=(400 401 402 403 404 405 406 409 410 412 413 415 422 428 429 431 500 502 503 504)
rm -rf "$out"
mkdir -p "$out"
cp "$repo/errdocs.toml" "$out/"
cp -r "$repo/content" "$out/"
mapfile -t entries < <(cd "$repo/content/errors" && find . -name '*.yaml' | sort)
count=${#entries[@]}
copy=1
while [ "$count" -lt "$n" ]; do
  code=${codes[$((copy % ${#codes[@]}))]}
  mkdir -p "$out/content/errors/$code"
  for e in "${entries[@]}"; do
    [ "$count" -ge "$n" ] && break
    name="$(basename "$e" .yaml)-copy-$copy"
    sed -e "s/^status: [0-9]*$/status: $code/" -e "s/^  status: [0-9]*$/  status: $code/" \
      "$repo/content/errors/$e" > "$out/content/errors/$code/$name.yaml"
    count=$((count + 1))
  done
  copy=$((copy + 1))
done
echo "$count entries in $out"
