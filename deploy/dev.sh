#!/usr/bin/env bash
# HalidePortal developer entry point.
#   ./deploy/dev.sh run    start a private PostgreSQL, migrate, seed the demo team, run web + worker
#   ./deploy/dev.sh test   the same set-up on a throwaway cluster, then every test project
# initdb and postgres refuse to run as root, so the cluster runs as the `postgres` user.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WEB_PORT=${HALIDE_WEB_PORT:-5080}
PG_PORT_RUN=${HALIDE_PG_PORT:-55432}
CONFIG=${HALIDE_CONFIGURATION:-Debug}

log() { printf '\033[1;34m[halide]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[halide]\033[0m %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  log "installing $* with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >/dev/null
  as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
    apt_install postgresql postgresql-contrib
    d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$d"
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] || apt_install chromium
}

# Runs a command as the postgres user (directly when we already are that user).
as_pg() {
  if [ "$(id -un)" = postgres ]; then "$@";
  elif [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@";
  else sudo -u postgres "$@"; fi
}

# http_ok PORT PATH: true when GET answers 200 (bash only; a fresh machine may have no curl).
http_ok() {
  local status
  # Braces: a bare `exec … 2>/dev/null` would silence the whole script's stderr from here on.
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
  read -r -t 5 _ status _ <&3 || true
  exec 3<&-
  [ "$status" = 200 ]
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local p=$(( $1 + RANDOM % 500 ))
  while ! port_free "$p"; do p=$((p + 1)); done
  echo "$p"
}

# pg_start DATA_DIR PORT: initialise (once) and start a cluster owned by postgres.
# Prints the connection string.
pg_start() {
  local data=$1 port=$2 bin pw
  bin=$(pg_bin)
  as_root mkdir -p "$data"
  as_root chown postgres:postgres "$data"
  as_root chmod 700 "$data"
  if ! as_pg test -f "$data/cluster/PG_VERSION"; then
    log "initialising PostgreSQL cluster in $data/cluster"
    pw=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
    as_pg bash -c "umask 077; printf '%s\n' '$pw' > '$data/pwfile'"
    as_pg "$bin/initdb" -D "$data/cluster" -U postgres --pwfile="$data/pwfile" \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  pw=$(as_pg cat "$data/pwfile")
  if ! as_pg "$bin/pg_ctl" -D "$data/cluster" status >/dev/null 2>&1; then
    port_free "$port" || die "port $port is taken; set HALIDE_PG_PORT to another port"
    log "starting PostgreSQL on 127.0.0.1:$port"
    as_pg "$bin/pg_ctl" -D "$data/cluster" -l "$data/postgres.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$data' -c fsync=${PG_FSYNC:-on}" \
      start >/dev/null || { as_pg tail -n 20 "$data/postgres.log" >&2; die "PostgreSQL did not start"; }
  fi
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=$pw"
}

# pg_createdb DATA_DIR PORT NAME: create a database unless it exists.
pg_createdb() {
  local data=$1 port=$2 name=$3 bin
  bin=$(pg_bin)
  if ! as_pg env PGPASSFILE=/dev/null PGPASSWORD="$(as_pg cat "$data/pwfile")" "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$name'" postgres | grep -q 1; then
    as_pg env PGPASSWORD="$(as_pg cat "$data/pwfile")" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name"
  fi
}

pg_stop() {
  local data=$1 bin
  bin=$(pg_bin)
  as_pg "$bin/pg_ctl" -D "$data/cluster" -m fast -w stop >/dev/null 2>&1 || true
}

# The run data folder must be reachable by postgres; a checkout under /root is not.
run_data_dir() {
  local d=${HALIDE_DATA:-$ROOT/.data}
  mkdir -p "$d"
  if ! as_pg test -x "$d" 2>/dev/null; then
    d=/var/lib/halideportal/$(printf '%s' "$ROOT" | md5sum | cut -c1-12)
  fi
  echo "$d"
}

cmd_run() {
  local data pgdata conn pids=()
  data=$(run_data_dir)
  pgdata="$data/pg"
  conn=$(pg_start "$pgdata" "$PG_PORT_RUN")
  pg_createdb "$pgdata" "$PG_PORT_RUN" halideportal
  conn="$conn;Database=halideportal"
  stop_all() {
    # Stop everything before saying so: if the output went to a pipe that Ctrl-C closed (… | tee),
    # writing first would end this script on SIGPIPE and leave PostgreSQL running.
    trap - INT TERM EXIT
    trap '' PIPE
    set +e
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    pg_stop "$pgdata"
    log "stopped; data kept in $data" 2>/dev/null
  }
  trap stop_all INT TERM EXIT

  log "building"
  dotnet build "$ROOT/HalidePortal.sln" -c "$CONFIG" -nologo -v q -clp:ErrorsOnly
  local web="$ROOT/src/HalidePortal.Web/bin/$CONFIG/net10.0/HalidePortal.Web.dll"
  local worker="$ROOT/src/HalidePortal.Worker/bin/$CONFIG/net10.0/HalidePortal.Worker.dll"

  export ConnectionStrings__Portal="$conn"
  export RawFiles__Folder="$data/files"
  export Portal__DataProtectionKeysPath="$data/keys"
  export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
  export DOTNET_ENVIRONMENT=$ASPNETCORE_ENVIRONMENT

  log "applying migrations and seeding demo data"
  # EF logs its probe for the (not yet existing) history table as a failure on the first run; hide that.
  # (--seed-demo goes last: the configuration reader would take the next word as its value.)
  dotnet "$web" migrate --contentRoot "$ROOT/src/HalidePortal.Web" \
    --Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command=Critical --seed-demo

  port_free "$WEB_PORT" || die "port $WEB_PORT is taken; set HALIDE_WEB_PORT to another port"
  dotnet "$worker" --contentRoot "$(dirname "$worker")" & pids+=($!)
  dotnet "$web" --urls "http://127.0.0.1:$WEB_PORT" --contentRoot "$ROOT/src/HalidePortal.Web" & pids+=($!)
  local up=
  for _ in $(seq 1 120); do
    if http_ok "$WEB_PORT" /healthz; then up=1; break; fi
    kill -0 "${pids[1]}" 2>/dev/null || break
    sleep 0.5
  done
  [ -n "$up" ] || die "the web app did not come up on port $WEB_PORT; its output is above"
  cat >&2 <<MSG

  HalidePortal is running:   http://127.0.0.1:$WEB_PORT
  Demo login:                demo@halideportal.test  /  Demo-lab-2026!
  API reference:             http://127.0.0.1:$WEB_PORT/api/docs
  Data (kept between runs):  $data
  Ctrl-C stops the portal, the worker and PostgreSQL.

MSG
  wait -n "${pids[@]}" || true
}

# One closing line over every test project's TRX file: "Tests: N passed, N failed, N skipped".
summarise() {
  local passed=0 failed=0 total=0 executed=0 f counters
  for f in "$1"/*.trx; do
    [ -f "$f" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$f" | head -n 1)
    total=$((total + $(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")))
    executed=$((executed + $(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")))
    passed=$((passed + $(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")))
    failed=$((failed + $(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")))
  done
  echo "Tests: $passed passed, $failed failed, $((total - executed)) skipped"
}

cmd_test() {
  local conn rc=0
  ensure_chromium
  # Global, not local: the EXIT trap runs after this function has returned (e.g. when the build fails).
  data=$(mktemp -d /tmp/halide-test-XXXXXX)
  chmod 755 "$data"
  cleanup() { pg_stop "$data/pg"; as_root rm -rf "$data"; }
  trap cleanup EXIT
  PG_FSYNC=off conn=$(pg_start "$data/pg" "$(free_port 56000)")
  export HALIDE_TEST_PG="$conn"
  export HALIDE_CHROMIUM=/usr/bin/chromium
  log "building"
  dotnet build "$ROOT/HalidePortal.sln" -c "$CONFIG" -nologo -v q -clp:ErrorsOnly
  log "running every test project"
  dotnet test "$ROOT/HalidePortal.sln" -c "$CONFIG" --no-build -nologo \
    --logger "console;verbosity=normal" --logger "trx" --results-directory "$data/results" "$@" || rc=$?
  summarise "$data/results"
  exit $rc
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
