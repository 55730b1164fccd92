#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what the tests need when it is missing, then
# runs every test. Usage: bash scripts/test.sh [extra cargo test args]
set -euo pipefail
cd "$(dirname "$0")/.."

# Toolchains that sample execution tests run the generated code with (skipped when absent locally;
# CI sets ERRDOCS_REQUIRE_TOOLCHAINS=1 so a missing one fails instead).
if [ -f scripts/install-sample-toolchains.sh ]; then
  bash scripts/install-sample-toolchains.sh
fi

cargo test --all-targets "$@"
