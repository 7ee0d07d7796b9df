#!/usr/bin/env bash
# test.sh — run the whole test suite (what `npm test` runs).
#
# Installs Node dependencies when node_modules is missing or stale, makes sure PostgreSQL
# and Redis are reachable (scripts/ensure-services.sh), builds (the e2e tests spawn the
# built apps from dist/), then runs Jest (projects unit, int, e2e from jest.config).
# Extra arguments go to Jest, e.g. `npm test -- --selectProjects unit` or
# `bash scripts/test.sh apps/incidents`. Exits with Jest's exit code.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "test: installing dependencies (npm ci)"
  npm ci </dev/null
fi

bash scripts/ensure-services.sh </dev/null

echo "test: building (npm run build)"
npm run --silent build </dev/null

echo "test: npx jest --ci $*"
exec npx --no-install jest --ci "$@"
