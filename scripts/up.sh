#!/usr/bin/env bash
# up.sh — bring the whole CompanyOS platform up on this machine (what `npm start` runs).
#
#   1. installs Node dependencies (`npm ci`) when node_modules is missing or stale,
#   2. makes sure PostgreSQL and Redis are reachable (scripts/ensure-services.sh),
#   3. builds (`npm run build`) and migrates (`npm run migrate`),
#   4. starts every subgraph from APPS below, waits for each one's GET /health,
#      then starts the gateway last and prints its URL.
# Every line an app prints is prefixed with its name. Ctrl-C / SIGTERM stops all apps
# (SIGTERM, up to 10 s, then SIGKILL). If any app dies, the rest are stopped and the
# script exits non-zero.
#
# Environment (defaults): NODE_ENV [development], LOG_LEVEL [info], DATABASE_URL,
# REDIS_URL, REDIS_CLUSTER_NODES [none: one Redis], ROLE [all], GITHUB_WEBHOOK_SECRET [dev-github-secret outside production],
# ALERTMANAGER_WEBHOOK_TOKEN [dev-alertmanager-token outside production],
# SUBGRAPH_SECRET [dev-subgraph-secret-not-for-production outside production],
# SUBGRAPH_<APP>_URL [http://127.0.0.1:<port>/graphql], ALERTS_SUBGRAPH_URL [SUBGRAPH_ALERTS_URL:
# where the deployments app's release gate reads error budgets], BUILDS_SUBGRAPH_URL [SUBGRAPH_BUILDS_URL:
# where it reads the tests of the commit released], RUNBOOKS_SYNC_ON_BOOT [true],
# SLO_CONFIG_FILE [slo-config.yaml: the platform's own SLOs], PROMETHEUS_URL [unset: SLIs unknown],
# UP_HEALTH_TIMEOUT [60];
# the gateway's own (JWT_SECRET, OIDC_ISSUER, RATE_LIMIT_MAX, …) pass through as set (see the README).
set -euo pipefail

# Subgraphs as name:port, started in this order before the gateway.
# Adding a subgraph = one line here (its SUBGRAPH_<NAME>_URL is derived from it).
APPS=(
  "incidents:4001"
  "deployments:4002"
  "alerts:4003"
  "runbooks:4004"
  "knowledge:4005"
  "builds:4006"
  "access:4007"
)
GATEWAY="gateway:4000"

HEALTH_TIMEOUT="${UP_HEALTH_TIMEOUT:-60}"
STOP_TIMEOUT=10

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# ------------------------------------------------------------------ output helpers
ALL_NAMES=(up)
for spec in "${APPS[@]}" "$GATEWAY"; do ALL_NAMES+=("${spec%%:*}"); done
NAME_WIDTH=0
for n in "${ALL_NAMES[@]}"; do
  if ((${#n} > NAME_WIDTH)); then NAME_WIDTH=${#n}; fi
done

USE_COLOR=0
if [[ -t 1 && -z "${NO_COLOR:-}" && "${TERM:-dumb}" != dumb ]]; then USE_COLOR=1; fi
COLORS=(36 32 33 35 34 96 92 93 95 94)

# prefix_for NAME INDEX -> "[name]   " padded to a fixed width, coloured when on a terminal
prefix_for() {
  local label
  label="$(printf '%-*s' "$((NAME_WIDTH + 2))" "[$1]")"
  if [[ "$USE_COLOR" == 1 ]]; then
    printf '\033[%sm%s\033[0m ' "${COLORS[$(($2 % ${#COLORS[@]}))]}" "$label"
  else
    printf '%s ' "$label"
  fi
}
UP_PREFIX="$(prefix_for up 9)"
say() { printf '%s%s\n' "$UP_PREFIX" "$*"; }
die() {
  printf '%s%s\n' "$UP_PREFIX" "ERROR: $*" >&2
  exit 1
}

# ------------------------------------------------------------------ environment
export NODE_ENV="${NODE_ENV:-development}"
export LOG_LEVEL="${LOG_LEVEL:-info}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/companyos}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export ROLE="${ROLE:-all}"
if [[ -z "${GITHUB_WEBHOOK_SECRET:-}" ]]; then
  if [[ "$NODE_ENV" == production ]]; then
    die "GITHUB_WEBHOOK_SECRET must be set when NODE_ENV=production"
  fi
  export GITHUB_WEBHOOK_SECRET=dev-github-secret
  say "GITHUB_WEBHOOK_SECRET not set: using the development default 'dev-github-secret'"
fi
if [[ -z "${ALERTMANAGER_WEBHOOK_TOKEN:-}" ]]; then
  if [[ "$NODE_ENV" == production ]]; then
    die "ALERTMANAGER_WEBHOOK_TOKEN must be set when NODE_ENV=production"
  fi
  export ALERTMANAGER_WEBHOOK_TOKEN=dev-alertmanager-token
  say "ALERTMANAGER_WEBHOOK_TOKEN not set: using the development default 'dev-alertmanager-token'"
fi
if [[ -z "${SUBGRAPH_SECRET:-}" ]]; then
  if [[ "$NODE_ENV" == production ]]; then
    die "SUBGRAPH_SECRET must be set when NODE_ENV=production (32+ characters, e.g. openssl rand -hex 32)"
  fi
  export SUBGRAPH_SECRET=dev-subgraph-secret-not-for-production
  say "SUBGRAPH_SECRET not set: using the development default 'dev-subgraph-secret-not-for-production'"
fi
for spec in "${APPS[@]}"; do
  name="${spec%%:*}" port="${spec##*:}"
  var="SUBGRAPH_$(tr '[:lower:]-' '[:upper:]_' <<<"$name")_URL"
  export "$var=${!var:-http://127.0.0.1:${port}/graphql}"
done
# The runbooks app syncs the platform's own RUNBOOKS/ when it starts.
export RUNBOOKS_SYNC_ON_BOOT="${RUNBOOKS_SYNC_ON_BOOT:-true}"
# The deployments app's release gate reads error budgets and burn rates from the alerts subgraph.
export ALERTS_SUBGRAPH_URL="${ALERTS_SUBGRAPH_URL:-$SUBGRAPH_ALERTS_URL}"
# where the deployments app's release gate reads error budgets], BUILDS_SUBGRAPH_URL [SUBGRAPH_BUILDS_URL:
# where it reads the tests of the commit released], RUNBOOKS_SYNC_ON_BOOT [true],
# SLO_CONFIG_FILE [slo-config.yaml: the platform's own SLOs], PROMETHEUS_URL [unset: SLIs unknown],

# ------------------------------------------------------------------ prepare
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing dependencies (npm ci)"
  npm ci </dev/null
fi

bash scripts/ensure-services.sh </dev/null
say "building (npm run build)"
npm run --silent build </dev/null
say "migrating (npm run migrate)"
npm run --silent migrate </dev/null

# ------------------------------------------------------------------ process control
PIDS=()   # node pids, in start order
NAMES=()  # app name for each pid
STOPPING=0

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

http_ok() { # URL -> 0 when it answers 200
  if command -v curl >/dev/null 2>&1; then
    [[ "$(curl -s --noproxy '*' -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null)" == 200 ]]
  else
    node -e "require('http').get(process.argv[1],{timeout:2000},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))" "$1" 2>/dev/null
  fi
}

start_app() { # NAME PORT INDEX
  local name="$1" port="$2" idx="$3" entry="dist/apps/$1/src/main.js" prefix
  [[ -f "$entry" ]] || die "$name: $entry not found after the build (is apps/$name/src/main.ts there?)"
  if port_in_use "$port"; then die "$name: port $port is already in use (is CompanyOS already running?)"; fi
  prefix="$(prefix_for "$name" "$idx")"
  # Own session (setsid) so a terminal Ctrl-C reaches only this script, which then stops
  # the apps in order; the prefixer ignores SIGINT so no log line is lost while stopping.
  local launcher=()
  command -v setsid >/dev/null 2>&1 && launcher=(setsid)
  PORT="$port" "${launcher[@]}" node "$entry" </dev/null \
    > >(trap '' INT; exec sed -u "s/^/${prefix//\//\\/}/") 2>&1 &
  PIDS+=("$!")
  NAMES+=("$name")
  say "started $name (pid $!, port $port)"
}

alive() { kill -0 "$1" 2>/dev/null; }

stop_all() { # stop in reverse start order (gateway first), then SIGKILL stragglers
  local i pid deadline
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid="${PIDS[$i]}"
    if alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  deadline=$((SECONDS + STOP_TIMEOUT))
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid="${PIDS[$i]}"
    while alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    if alive "$pid"; then
      say "${NAMES[$i]} did not stop within ${STOP_TIMEOUT}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  sleep 0.1 # let the prefixers flush the last lines
}

on_signal() {
  ((STOPPING)) && return 0
  STOPPING=1
  say "stopping (signal $1)..."
  stop_all
  say "stopped"
  exit 0
}
# Whatever way the script ends (error, die, exit), no app is left running.
on_exit() {
  local pid
  for pid in "${PIDS[@]}"; do
    if alive "$pid"; then
      STOPPING=1
      stop_all
      break
    fi
  done
}
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap 'on_signal HUP' HUP
trap on_exit EXIT

# check_apps: if an app has exited, report which (with its exit code), stop the rest, exit 1.
check_apps() {
  local i code
  for i in "${!PIDS[@]}"; do
    if ! alive "${PIDS[$i]}"; then
      code=0
      wait "${PIDS[$i]}" 2>/dev/null || code=$?
      STOPPING=1
      say "ERROR: ${NAMES[$i]} exited (code $code); stopping the other apps"
      stop_all
      exit 1
    fi
  done
}

wait_healthy() { # NAME PORT
  local name="$1" port="$2" deadline=$((SECONDS + HEALTH_TIMEOUT))
  until http_ok "http://127.0.0.1:${port}/health"; do
    check_apps
    if ((SECONDS >= deadline)); then
      STOPPING=1
      say "ERROR: $name did not answer GET http://127.0.0.1:${port}/health with 200 within ${HEALTH_TIMEOUT}s; stopping"
      stop_all
      exit 1
    fi
    sleep 0.5
  done
  say "$name is healthy on :$port"
}

# ------------------------------------------------------------------ start
for spec in "${APPS[@]}" "$GATEWAY"; do
  if port_in_use "${spec##*:}"; then
    die "${spec%%:*}: port ${spec##*:} is already in use (is CompanyOS already running?)"
  fi
done
idx=0
for spec in "${APPS[@]}"; do
  start_app "${spec%%:*}" "${spec##*:}" "$idx"
  idx=$((idx + 1))
done
for spec in "${APPS[@]}"; do
  wait_healthy "${spec%%:*}" "${spec##*:}"
done

start_app "${GATEWAY%%:*}" "${GATEWAY##*:}" "$idx"
wait_healthy "${GATEWAY%%:*}" "${GATEWAY##*:}"
say "CompanyOS is up: http://127.0.0.1:${GATEWAY##*:}/graphql   (Ctrl-C to stop)"

# ------------------------------------------------------------------ supervise
while :; do
  check_apps
  sleep 1 &
  wait $! 2>/dev/null || true # wait (not plain sleep) so a signal is handled at once
done
