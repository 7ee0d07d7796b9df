#!/usr/bin/env bash
# test.sh — run the whole test suite (what `npm test` runs).
#
# Installs Node dependencies when node_modules is missing or stale, makes sure PostgreSQL
# and Redis are reachable (scripts/ensure-services.sh) and that Alertmanager is installed
# (the Debian package prometheus-alertmanager: the tests start their own), builds (the e2e
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

if ! command -v prometheus-alertmanager >/dev/null 2>&1 && ! command -v alertmanager >/dev/null 2>&1; then
  echo "test: installing Alertmanager (apt-get install prometheus-alertmanager)"
  SUDO=""
  [[ "$(id -u)" == 0 ]] || SUDO="sudo -n"
  if ! { command -v apt-get >/dev/null 2>&1 && $SUDO apt-get update -qq &&
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold prometheus-alertmanager; } </dev/null; then
    echo "test: ERROR: the tests need Alertmanager and it could not be installed here (needs apt-get and root or passwordless sudo)." >&2
    echo "test: install it with: sudo apt-get install prometheus-alertmanager (or put an alertmanager binary on PATH)" >&2
    exit 1
  fi
fi

echo "test: building (npm run build)"
npm run --silent build </dev/null

echo "test: npx jest --ci $*"
exec npx --no-install jest --ci "$@"
