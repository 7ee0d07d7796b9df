#!/usr/bin/env bash
# test.sh — run the whole test suite (what `npm test` runs).
#
# Installs Node dependencies when node_modules is missing or stale, makes sure PostgreSQL
# and Redis are reachable (scripts/ensure-services.sh) and that Alertmanager, Prometheus and
# Chromium are installed (Debian packages: the tests start their own), builds (the e2e
# tests spawn the built apps from dist/), then runs Jest (projects unit, int, e2e from jest.config).
# Extra arguments go to Jest, e.g. `npm test -- --selectProjects unit` or
# `bash scripts/test.sh apps/incidents`. Exits with Jest's exit code.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "test: installing dependencies (npm ci)"
  npm ci </dev/null
fi

bash scripts/ensure-services.sh </dev/null

# Debian packages the tests run themselves: Alertmanager and Prometheus (private instances per
# test) and Chromium (the browser tests, driven by playwright-core).
missing=()
command -v prometheus-alertmanager >/dev/null 2>&1 || command -v alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-liberation)
if ((${#missing[@]})); then
  echo "test: installing ${missing[*]} (apt-get)"
  SUDO=""
  [[ "$(id -u)" == 0 ]] || SUDO="sudo -n"
  if ! { command -v apt-get >/dev/null 2>&1 && $SUDO apt-get update -qq &&
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"; } </dev/null; then
    echo "test: ERROR: the tests need ${missing[*]} and they could not be installed here (needs apt-get and root or passwordless sudo)." >&2
    echo "test: install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

echo "test: building (npm run build)"
npm run --silent build </dev/null

# --forceExit: in some runs one Redis connection opened early in Jest's own process (cmd=eval, then idle) is
# never closed and Jest would wait for ever after every test has passed; which test leaves it is not found yet.
echo "test: npx jest --ci --forceExit $*"
exec npx --no-install jest --ci --forceExit "$@"
