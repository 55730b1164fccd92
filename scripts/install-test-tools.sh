#!/usr/bin/env bash
# Installs what the tests run besides errdocs: the toolchains of the request-sample execution tests
# (curl, HTTPie, Node.js, Python with requests, Go, Java, PHP with its curl extension, Ruby), and the
# real servers `errdocs verify` is tested against (nginx with auth_basic and openssl for its password
# file; a Python resource server that validates JWTs with PyJWT). Debian packages and two pip
# packages; whatever is already present is left alone, so running it twice does nothing. Rust needs
# nothing here: the test builds its reqwest program with cargo.
set -euo pipefail

# command-to-check  debian-package(s)
wanted=(
  "curl:curl"
  "http:httpie"
  "node:nodejs"
  "npm:npm"
  "python3:python3 python3-pip"
  "go:golang-go"
  "javac:default-jdk-headless"
  "php:php-cli php-curl"
  "ruby:ruby"
  "nginx:nginx-light"
  "openssl:openssl"
)

missing=()
for item in "${wanted[@]}"; do
  command="${item%%:*}"
  packages="${item#*:}"
  if ! command -v "$command" >/dev/null 2>&1; then
    read -r -a list <<<"$packages"
    missing+=("${list[@]}")
  fi
done
# PHP may be there without its curl extension.
if command -v php >/dev/null 2>&1 && ! php -r 'exit(function_exists("curl_init") ? 0 : 1);' 2>/dev/null; then
  missing+=(php-curl)
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "debian packages: all present"
fi

for module in requests jwt; do
  package="$module"
  [ "$module" = jwt ] && package=pyjwt
  if ! python3 -c "import $module" 2>/dev/null; then
    echo "installing: $package (pip)"
    python3 -m pip install --quiet "$package" ||
      python3 -m pip install --quiet --break-system-packages "$package"
  else
    echo "python $package: present"
  fi
done

# Newman, which runs the exported Postman collection (tests/it/postman.rs), from its lockfile.
if [ ! -x "$(dirname "$0")/../tests/postman/node_modules/.bin/newman" ]; then
  echo "installing: newman (npm ci in tests/postman)"
  (cd "$(dirname "$0")/../tests/postman" && npm ci --no-audit --no-fund --loglevel=error)
else
  echo "newman: present"
fi

# The OpenAPI tests: openapi-spec-validator (PyPI) checks the export; Prism and GitHub's published
# OpenAPI document come from npm, pinned by tests/openapi/package-lock.json.
if ! command -v openapi-spec-validator >/dev/null 2>&1; then
  echo "installing: openapi-spec-validator (pip)"
  python3 -m pip install --quiet openapi-spec-validator ||
    python3 -m pip install --quiet --break-system-packages openapi-spec-validator
else
  echo "openapi-spec-validator: present"
fi
openapi_tests="$(cd "$(dirname "$0")/.." && pwd)/tests/openapi"
if command -v npm >/dev/null 2>&1; then
  if [ ! -x "$openapi_tests/node_modules/.bin/prism" ] || [ ! -d "$openapi_tests/node_modules/@octokit/openapi" ]; then
    echo "installing: tests/openapi (npm ci)"
    (cd "$openapi_tests" && npm ci --no-audit --no-fund --loglevel=error)
  else
    echo "tests/openapi npm packages: present"
  fi
fi
