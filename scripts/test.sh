#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what the tests need when it is missing, then
# runs every test: the Rust tests, then the browser suite against the built site in Debian's
# headless Chromium. Usage: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}"

# System packages: the browser suite needs Chromium, Node.js and npm.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing ${need[*]}: install them (e.g. sudo apt-get install ${need[*]}) and run again" >&2
    exit 1
  fi
fi

# Toolchains that sample execution tests run the generated code with, and the servers verify is
# tested against (skipped when absent locally; CI sets ERRDOCS_REQUIRE_TOOLCHAINS=1 so a missing one
# fails instead).
bash scripts/install-test-tools.sh

echo "== cargo test"
cargo test --all-targets

echo "== browser suite"
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
cargo build --quiet
ERRDOCS_BIN="$target/debug/errdocs" node --test --test-concurrency=1 tests/browser/
