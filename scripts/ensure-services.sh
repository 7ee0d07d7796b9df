#!/usr/bin/env bash
# ensure-services.sh — make sure the PostgreSQL and Redis that CompanyOS uses are reachable.
#
# Reads host/port from DATABASE_URL and REDIS_URL (defaults: the local servers on
# 127.0.0.1:5432 and 127.0.0.1:6379). Idempotent: when both answer, it changes nothing
# and returns in well under a second (the common case on development machines and CI).
# When a *local* service does not answer, it installs the Debian package if missing
# (apt-get, non-interactive), creates/starts a PostgreSQL cluster with trust auth for
# user postgres on loopback TCP, or starts redis-server, and waits for it. It never
# stops or restarts a running server. Exits non-zero naming the unreachable service.
#
# Usage: bash scripts/ensure-services.sh        (no arguments; honours DATABASE_URL, REDIS_URL)
set -euo pipefail

DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/companyos}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
WAIT_SECONDS="${ENSURE_SERVICES_WAIT:-30}"
export DEBIAN_FRONTEND=noninteractive

log() { printf 'ensure-services: %s\n' "$*"; }
err() { printf 'ensure-services: ERROR: %s\n' "$*" >&2; }

# parse_url URL DEFAULT_PORT -> sets URL_USER URL_PASS URL_HOST URL_PORT
# Handles scheme://[user[:pass]@]host[:port][/path][?query], with [v6] hosts.
parse_url() {
  local rest="${1#*://}" userinfo=""
  rest="${rest%%/*}"
  rest="${rest%%\?*}"
  if [[ "$rest" == *@* ]]; then
    userinfo="${rest%@*}"
    rest="${rest##*@}"
  fi
  URL_USER="${userinfo%%:*}"
  URL_PASS=""
  [[ "$userinfo" == *:* ]] && URL_PASS="${userinfo#*:}"
  if [[ "$rest" == \[* ]]; then
    URL_HOST="${rest%%]*}"
    URL_HOST="${URL_HOST#[}"
    URL_PORT="${rest#*]}"
    URL_PORT="${URL_PORT#:}"
  else
    URL_HOST="${rest%%:*}"
    URL_PORT="${rest#"$URL_HOST"}"
    URL_PORT="${URL_PORT#:}"
  fi
  [[ -n "$URL_HOST" ]] || URL_HOST=127.0.0.1
  [[ -n "$URL_PORT" ]] || URL_PORT="$2"
}

is_local() {
  case "$1" in
    localhost | 127.* | ::1 | 0:0:0:0:0:0:0:1) return 0 ;;
    *) return 1 ;;
  esac
}

# Root runs apt-get/pg_ctlcluster directly; otherwise use passwordless sudo if there is one.
SUDO=""
if [[ "$(id -u)" != 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
fi
can_admin() { [[ "$(id -u)" == 0 || -n "$SUDO" ]]; }

APT_UPDATED=0
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    err "apt-get not found: install $* with your system's package manager"
    return 1
  fi
  if ! can_admin; then
    err "need root (or passwordless sudo) to install $*"
    return 1
  fi
  if [[ "$APT_UPDATED" == 0 ]]; then
    log "apt-get update"
    $SUDO apt-get update -qq </dev/null
    APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" </dev/null
}

# Bare TCP probe, for machines without the client tools (remote servers).
# shellcheck disable=SC2016 # $1/$2 expand in the inner bash
tcp_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null; }

# ---------------------------------------------------------------- PostgreSQL
pg_ready() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -t 2 -h "$PG_HOST" -p "$PG_PORT" </dev/null >/dev/null 2>&1
  else
    tcp_open "$PG_HOST" "$PG_PORT"
  fi
}

pg_server_installed() {
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null && command -v pg_ctlcluster >/dev/null 2>&1
}

# Prepend trust lines for user postgres on loopback TCP to a pg_hba.conf (once).
pg_hba_allow_trust() {
  local hba="$1" user="${PG_USER:-postgres}"
  [[ -f "$hba" ]] || return 0
  if grep -Eq "^[[:space:]]*host[[:space:]]+all[[:space:]]+(all|${user})[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust" "$hba"; then
    return 0
  fi
  log "allowing trust auth for user ${user} on 127.0.0.1/::1 in $hba"
  local tmp
  tmp="$(mktemp)"
  {
    echo "# added by CompanyOS scripts/ensure-services.sh (local development / CI)"
    echo "host    all    ${user}    127.0.0.1/32    trust"
    echo "host    all    ${user}    ::1/128         trust"
    cat "$hba"
  } >"$tmp"
  $SUDO cp "$tmp" "$hba"
  rm -f "$tmp"
}

# Can we log in (no password) with the URL's user? Only meaningful with psql present.
pg_can_login() {
  command -v psql >/dev/null 2>&1 || return 0
  local out
  if out="$(PGCONNECT_TIMEOUT=3 PGPASSWORD="$PG_PASS" psql -X -w -q -At -h "$PG_HOST" -p "$PG_PORT" \
    -U "${PG_USER:-postgres}" -d postgres -c 'select 1' </dev/null 2>&1)"; then
    return 0
  fi
  # Only an authentication problem is ours to fix; anything else is reported by the app.
  if grep -Eqi 'password authentication failed|no pg_hba.conf entry|password supplied|Ident authentication failed|Peer authentication failed|fe_sendauth' <<<"$out"; then
    PG_LOGIN_ERROR="$out"
    return 1
  fi
  return 0
}

ensure_postgres() {
  parse_url "$DATABASE_URL" 5432
  PG_HOST="$URL_HOST" PG_PORT="$URL_PORT" PG_USER="$URL_USER" PG_PASS="$URL_PASS"
  local where="${PG_HOST}:${PG_PORT}"

  if pg_ready; then
    # Fast path: a running server. Only touch it if a local passwordless login fails.
    if is_local "$PG_HOST" && [[ -z "$PG_PASS" ]] && ! pg_can_login; then
      pg_fix_local_auth_running || return 1
    fi
    log "postgres ${where} ok"
    return 0
  fi

  if ! is_local "$PG_HOST"; then
    err "PostgreSQL at ${where} is unreachable (remote host: not starting it; check DATABASE_URL)"
    return 1
  fi

  log "postgres ${where} not answering; trying to start a local server"
  if ! pg_server_installed; then
    apt_install postgresql postgresql-client || {
      err "PostgreSQL at ${where} is unreachable and could not be installed"
      return 1
    }
  fi

  # The package's postinst may already have started it.
  if ! pg_ready; then
    local ver name port status cluster=""
    # Prefer the cluster configured for our port.
    while read -r ver name port status _; do
      [[ "$port" == "$PG_PORT" ]] && { cluster="$ver $name"; break; }
    done < <(pg_lsclusters -h 2>/dev/null || true)

    if [[ -z "$cluster" ]]; then
      ver="$(compgen -G '/usr/lib/postgresql/*/bin/postgres' | sort -V | tail -n1)"
      ver="${ver#/usr/lib/postgresql/}"
      ver="${ver%%/*}"
      name=main
      [[ -d "/etc/postgresql/${ver}/main" ]] && name=companyos
      log "creating cluster ${ver}/${name} on port ${PG_PORT}"
      $SUDO pg_createcluster -p "$PG_PORT" "$ver" "$name" -- --auth-local=trust --auth-host=trust </dev/null >/dev/null ||
        { err "PostgreSQL: pg_createcluster ${ver} ${name} failed"; return 1; }
      cluster="$ver $name"
    fi
    read -r ver name <<<"$cluster"

    if [[ -z "$PG_PASS" ]]; then
      pg_hba_allow_trust "/etc/postgresql/${ver}/${name}/pg_hba.conf"
    fi

    status="$(pg_lsclusters -h "$ver" "$name" 2>/dev/null | awk '{print $4}')"
    if [[ "$status" != online* ]]; then
      log "starting cluster ${ver}/${name}"
      $SUDO pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start </dev/null ||
        { err "PostgreSQL: pg_ctlcluster ${ver} ${name} start failed (see /var/log/postgresql/postgresql-${ver}-${name}.log)"; return 1; }
    fi
  fi

  local deadline=$((SECONDS + WAIT_SECONDS))
  until pg_ready; do
    if ((SECONDS >= deadline)); then
      err "PostgreSQL at ${where} is unreachable (not ready after ${WAIT_SECONDS}s)"
      return 1
    fi
    sleep 0.5
  done
  if [[ -z "$PG_PASS" ]] && ! pg_can_login; then
    pg_fix_local_auth_running || return 1
  fi
  log "postgres ${where} ok (started)"
}

# A local server is running but rejects our passwordless login: add trust lines and reload
# (a reload re-reads pg_hba.conf; it does not restart the server or drop connections).
pg_fix_local_auth_running() {
  if ! can_admin || ! command -v pg_lsclusters >/dev/null 2>&1; then
    err "PostgreSQL at ${PG_HOST}:${PG_PORT} rejects user ${PG_USER:-postgres} without a password: ${PG_LOGIN_ERROR:-}"
    return 1
  fi
  local ver name port _rest fixed=0
  while read -r ver name port _rest; do
    [[ "$port" == "$PG_PORT" ]] || continue
    pg_hba_allow_trust "/etc/postgresql/${ver}/${name}/pg_hba.conf"
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload </dev/null >/dev/null 2>&1 || true
    fixed=1
  done < <(pg_lsclusters -h 2>/dev/null || true)
  sleep 0.3
  if [[ "$fixed" == 0 ]] || ! pg_can_login; then
    err "PostgreSQL at ${PG_HOST}:${PG_PORT} rejects user ${PG_USER:-postgres} without a password: ${PG_LOGIN_ERROR:-}"
    return 1
  fi
}

# ---------------------------------------------------------------------- Redis
redis_ready() {
  local out
  if command -v redis-cli >/dev/null 2>&1; then
    out="$(timeout 3 redis-cli -h "$R_HOST" -p "$R_PORT" ping </dev/null 2>/dev/null || true)"
  else
    # shellcheck disable=SC2016 # $1/$2 expand in the inner bash
    out="$(timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2" && printf "PING\r\n" >&3 && read -r -t 2 line <&3 && printf "%s" "$line"' _ "$R_HOST" "$R_PORT" 2>/dev/null || true)"
  fi
  # A server that demands a password is up: authentication is the app's business.
  [[ "$out" == *PONG* || "$out" == *NOAUTH* ]]
}

ensure_redis() {
  parse_url "$REDIS_URL" 6379
  R_HOST="$URL_HOST" R_PORT="$URL_PORT"
  local where="${R_HOST}:${R_PORT}"

  if redis_ready; then
    log "redis ${where} ok"
    return 0
  fi
  if ! is_local "$R_HOST"; then
    err "Redis at ${where} is unreachable (remote host: not starting it; check REDIS_URL)"
    return 1
  fi

  log "redis ${where} not answering; trying to start a local server"
  if ! command -v redis-server >/dev/null 2>&1; then
    apt_install redis-server || {
      err "Redis at ${where} is unreachable and could not be installed"
      return 1
    }
  fi

  if ! redis_ready; then
    local dir=/var/lib/redis logfile=/var/log/redis/ci.log
    if ! can_admin; then
      dir="${TMPDIR:-/tmp}/companyos-redis"
      logfile="$dir/redis.log"
    fi
    $SUDO mkdir -p "$dir" "$(dirname "$logfile")"
    log "starting redis-server on port ${R_PORT}"
    $SUDO redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$R_PORT" --save "" --appendonly no \
      --dir "$dir" --logfile "$logfile" </dev/null >/dev/null ||
      { err "Redis: redis-server failed to start (see $logfile)"; return 1; }
  fi

  local deadline=$((SECONDS + WAIT_SECONDS))
  until redis_ready; do
    if ((SECONDS >= deadline)); then
      err "Redis at ${where} is unreachable (not answering PING after ${WAIT_SECONDS}s)"
      return 1
    fi
    sleep 0.5
  done
  log "redis ${where} ok (started)"
}

failed=()
ensure_postgres || failed+=("PostgreSQL (DATABASE_URL host ${PG_HOST:-?}:${PG_PORT:-?})")
ensure_redis || failed+=("Redis (REDIS_URL host ${R_HOST:-?}:${R_PORT:-?})")

if ((${#failed[@]})); then
  for f in "${failed[@]}"; do err "unreachable: $f"; done
  exit 1
fi
