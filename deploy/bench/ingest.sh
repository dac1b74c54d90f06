#!/usr/bin/env bash
# End-to-end ingest timing for docs/PERFORMANCE.md: one upload through the real portal, measured.
#
#   deploy/bench/ingest.sh FILE            upload FILE
#   deploy/bench/ingest.sh --rows N        generate an N-row EC-Lab GCPL .mpt (halide-bench gen-mpt) and upload it
#
# Starts its own portal (deploy/dev.sh run: PostgreSQL, migrations, demo data, web, worker) on its own ports and
# data folder, so it runs beside anyone else's: HALIDE_WEB_PORT (default 5190), HALIDE_PG_PORT (55490),
# HALIDE_DATA (/tmp/perfdata, wiped first unless BENCH_KEEP_DATA=1: a fresh worker and web process per run makes
# their peak RSS this upload's), HALIDE_CONFIGURATION (Release). Logs in a demo user, makes an API token, finds or
# makes the cell "bench" of the first demo sample, then times `halide upload FILE --attach cell:ID --wait`.
# Prints: upload s (CLI start to the measurement's CreatedAt), queued->Done s (CreatedAt to ParsedAt), the
# worker's own stage times, CLI wall time, peak RSS (VmHWM) and CPU seconds of worker, web and PostgreSQL, rows,
# cycles, stored size, and the load average (other work on the machine stretches wall times, not CPU seconds).
# BENCH_WARMUP_ROWS: see below (a warm worker by default). BENCH_TRACE=1 also logs those CPU seconds every 0.5 s to $HALIDE_DATA/cpu.log, to see which phase spends them.
# Needs curl, jq, psql, and root (runuser: the cluster and its password file belong to postgres).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export HALIDE_WEB_PORT=${HALIDE_WEB_PORT:-5190}
export HALIDE_PG_PORT=${HALIDE_PG_PORT:-55490}
export HALIDE_DATA=${HALIDE_DATA:-/tmp/perfdata}
export HALIDE_CONFIGURATION=${HALIDE_CONFIGURATION:-Release}
URL="http://127.0.0.1:$HALIDE_WEB_PORT"
BENCH_DIR="$ROOT/deploy/bench/HalideBench"
BENCH_DLL="$BENCH_DIR/bin/Release/net10.0/halide-bench.dll"
CLI_DLL="$ROOT/src/HalidePortal.Cli/bin/$HALIDE_CONFIGURATION/net10.0/halide.dll"

log() { printf '\033[1;35m[bench]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[bench]\033[0m %s\n' "$*" >&2; exit 1; }

for tool in curl jq psql; do command -v "$tool" >/dev/null || die "$tool is needed"; done

file=
case "${1:-}" in
  --rows)
    rows=${2:?--rows needs a number}
    [ -f "$BENCH_DLL" ] || dotnet build "$BENCH_DIR" -c Release -nologo -v q -clp:ErrorsOnly
    file=${BENCH_FILE:-/tmp/halide-bench-gcpl-$rows.mpt}
    [ -f "$file" ] || dotnet "$BENCH_DLL" gen-mpt "$rows" "$file" >&2
    ;;
  ""|-h|--help) sed -n '2,16p' "$0"; exit 2 ;;
  *) file=$1 ;;
esac
[ -f "$file" ] || die "no file $file"
file=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")

if [ "${BENCH_KEEP_DATA:-0}" != 1 ]; then
  if [ -d "$HALIDE_DATA/pg/cluster" ]; then
    runuser -u postgres -- /usr/lib/postgresql/*/bin/pg_ctl -D "$HALIDE_DATA/pg/cluster" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$HALIDE_DATA"
fi
mkdir -p "$HALIDE_DATA"
chmod 755 "$HALIDE_DATA"
portal_log="$HALIDE_DATA/portal.log"

# The portal runs in its own session so its processes are easy to find (and only ours are touched).
setsid "$ROOT/deploy/dev.sh" run >"$portal_log" 2>&1 &
dev_pid=$!
stop_portal() {
  if kill -0 "$dev_pid" 2>/dev/null; then
    kill -TERM "$dev_pid" 2>/dev/null || true
    wait "$dev_pid" 2>/dev/null || true
  fi
}
trap stop_portal EXIT INT TERM

log "starting the portal on $URL (data $HALIDE_DATA, $HALIDE_CONFIGURATION build; log $portal_log)"
for _ in $(seq 1 1200); do
  curl -fs -o /dev/null "$URL/healthz" && break
  kill -0 "$dev_pid" 2>/dev/null || { tail -n 30 "$portal_log" >&2; die "the portal did not start"; }
  sleep 0.5
done
curl -fs -o /dev/null "$URL/healthz" || die "the portal did not come up in 10 minutes"
session=$(ps -o sid= -p "$dev_pid" | tr -d ' ')
pid_of() { ps -s "$session" -o pid=,args= | awk -v dll="$1" '$0 ~ dll && $2 ~ /dotnet$/ { print $1; exit }'; }
worker_pid=$(pid_of HalidePortal.Worker.dll)
web_pid=$(pid_of HalidePortal.Web.dll)
[ -n "$worker_pid" ] && [ -n "$web_pid" ] || die "cannot find the worker and web processes"

# A cookie session (the login form with its antiforgery token), then an API token for the CLI.
jar=$(mktemp)
form_token=$(curl -fs -c "$jar" -b "$jar" "$URL/login" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p')
curl -fs -o /dev/null -c "$jar" -b "$jar" "$URL/login" --data-urlencode "_handler=login" \
  --data-urlencode "__RequestVerificationToken=$form_token" \
  --data-urlencode "Input.Email=demo@halideportal.test" --data-urlencode "Input.Password=Demo-lab-2026!"
token=$(curl -fs -b "$jar" -H 'Content-Type: application/json' -d '{"name":"bench","validDays":1}' "$URL/api/me/tokens" | jq -r .plainToken)
rm -f "$jar"
[ -n "$token" ] && [ "$token" != null ] || die "no API token (login failed?)"
api() { curl -fs -H "Authorization: Bearer $token" "$@"; }

sample=$(api "$URL/api/samples" | jq -r '.items[0].id')
cell=$(api "$URL/api/samples/$sample/cells" | jq -r '[.[] | select(.label == "bench")][0].id // empty')
if [ -z "$cell" ]; then
  cell=$(api -H 'Content-Type: application/json' \
    -d '{"label":"bench","cathodeActiveMaterial":"NCM85","activeFraction":0.7,"areaCm2":0.785,"notes":"deploy/bench/ingest.sh"}' \
    "$URL/api/samples/$sample/cells" | jq -r .id)
fi

# Processes fresh from start-up spend their first uploads compiling the hot code again, optimised, in the background
# (tiered JIT: hundreds of methods per second in both web and worker), which on 2 cores competes with the upload
# itself; a portal that has taken a few uploads has done that. BENCH_WARMUP_ROWS=N (0 for a cold portal; default
# the same row count as --rows, else 100000) first sends an N-row file of different content and waits for it.
default_warmup=100000
[ -z "${rows:-}" ] || default_warmup=$rows
warmup_rows=${BENCH_WARMUP_ROWS:-$default_warmup}
if [ "$warmup_rows" -gt 0 ]; then
  warmup_file=/tmp/halide-bench-warmup-$warmup_rows.mpt  # 90 cycles: never the same bytes as a timed file
  [ -f "$BENCH_DLL" ] || dotnet build "$BENCH_DIR" -c Release -nologo -v q -clp:ErrorsOnly
  [ -f "$warmup_file" ] || dotnet "$BENCH_DLL" gen-mpt "$warmup_rows" "$warmup_file" --cycles 90 >&2
  log "warming up the worker with $(basename "$warmup_file")"
  HALIDE_SERVER=$URL HALIDE_TOKEN=$token dotnet "$CLI_DLL" upload "$warmup_file" --attach "cell:$cell" --wait --timeout 3600 \
    >/dev/null || die "the warm-up upload failed"
  # Let the background re-compilation the warm-up set off finish (both processes idle for 3 s, at most 2 minutes).
  for _ in $(seq 1 60); do
    busy=$(( $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$worker_pid/stat") + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$web_pid/stat") ))
    sleep 3
    now=$(( $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$worker_pid/stat") + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$web_pid/stat") ))
    [ $((now - busy)) -gt 10 ] || break
  done
fi

# CPU seconds (utime + stime, and for PostgreSQL also its exited children's) tell work from waiting on a busy machine.
ticks=$(getconf CLK_TCK)
cpu_of() { awk -v t="$ticks" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / t }' "/proc/$1/stat"; }
pg_cpu() {
  local postmaster child total
  postmaster=$(head -n 1 "$HALIDE_DATA/pg/cluster/postmaster.pid")
  total=$(awk -v t="$ticks" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13 + $14 + $15) / t }' "/proc/$postmaster/stat")
  for child in $(ps --ppid "$postmaster" -o pid=); do
    total=$(LC_ALL=C awk -v a="$total" -v b="$(cpu_of "$child" 2>/dev/null || echo 0)" 'BEGIN { printf "%.2f", a + b }')
  done
  echo "$total"
}
worker_cpu0=$(cpu_of "$worker_pid"); web_cpu0=$(cpu_of "$web_pid"); pg_cpu0=$(pg_cpu)
load0=$(cut -d' ' -f1-3 /proc/loadavg)

trace_pid=
if [ "${BENCH_TRACE:-0}" = 1 ]; then
  # Where the time goes, phase by phase: CPU seconds so far every half second.
  ( t0=$(date +%s.%N)
    while sleep 0.5; do
      printf '%s worker %s web %s postgres %s load %s\n' "$(LC_ALL=C awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%6.1f", a - b }')" \
        "$(cpu_of "$worker_pid")" "$(cpu_of "$web_pid")" "$(pg_cpu)" "$(cut -d' ' -f1 /proc/loadavg)"
    done ) >"$HALIDE_DATA/cpu.log" 2>/dev/null &
  trace_pid=$!
fi

size=$(stat -c %s "$file")
log "uploading $(basename "$file") ($((size / 1000000)) MB) to cell:$cell"
start=$(date +%s.%N)
HALIDE_SERVER=$URL HALIDE_TOKEN=$token dotnet "$CLI_DLL" upload "$file" --attach "cell:$cell" --wait --timeout 3600 --json \
  >"$HALIDE_DATA/upload.json" || { cat "$HALIDE_DATA/upload.json" >&2; die "upload failed"; }
end=$(date +%s.%N)

[ -z "$trace_pid" ] || kill "$trace_pid" 2>/dev/null || true
worker_cpu=$(LC_ALL=C awk -v a="$(cpu_of "$worker_pid")" -v b="$worker_cpu0" 'BEGIN { printf "%.1f", a - b }')
web_cpu=$(LC_ALL=C awk -v a="$(cpu_of "$web_pid")" -v b="$web_cpu0" 'BEGIN { printf "%.1f", a - b }')
pg_cpu_used=$(LC_ALL=C awk -v a="$(pg_cpu)" -v b="$pg_cpu0" 'BEGIN { printf "%.1f", a - b }')
load1=$(cut -d' ' -f1-3 /proc/loadavg)

id=$(jq -r '.items[0].measurementId' "$HALIDE_DATA/upload.json")
m=$(api "$URL/api/measurements/$id")
state=$(jq -r .state <<<"$m")
[ "$state" = Done ] || die "measurement $id ended in state $state: $(jq -r .error <<<"$m")"
rows=$(jq -r .rows <<<"$m")
cycles=$(api "$URL/api/measurements/$id/cycles" | jq length)
hwm() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
worker_mb=$(hwm "$worker_pid")
web_mb=$(hwm "$web_pid")
worker_line=$(grep -a "$(basename "$file"): .* rows parsed" "$portal_log" | tail -n 1 | sed 's/^ *//')

pw=$(runuser -u postgres -- cat "$HALIDE_DATA/pg/pwfile")
sql() { PGPASSWORD=$pw psql -h 127.0.0.1 -p "$HALIDE_PG_PORT" -U postgres -d halideportal -tAc "$1"; }
# The API shows uploadedAt but not ParsedAt; both are columns of Measurements.
created=$(sql "SELECT extract(epoch FROM \"CreatedAt\") FROM \"Measurements\" WHERE \"Id\" = '$id'")
parsed=$(sql "SELECT extract(epoch FROM \"ParsedAt\") FROM \"Measurements\" WHERE \"Id\" = '$id'")
stored=$(sql "SELECT pg_size_pretty(pg_total_relation_size('\"SeriesChunks\"'))")
chunks=$(sql "SELECT count(*) || ' chunks, ' || pg_size_pretty(sum(pg_column_size(\"Values\"))) FROM \"SeriesChunks\" WHERE \"MeasurementId\" = '$id'")
mine=$(sql "SELECT pg_size_pretty(sum(pg_column_size(\"Values\"))) FROM \"SeriesChunks\" WHERE \"MeasurementId\" = '$id'")
curves=$(sql "SELECT pg_size_pretty(pg_total_relation_size('\"CycleCurves\"'))")

f() { LC_ALL=C awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }
cat <<REPORT
file:               $(basename "$file"), $((size / 1000000)) MB, $rows rows, $cycles cycles
upload:             $(f "$created" "$start") s (CLI start to CreatedAt)
queued -> Done:     $(f "$parsed" "$created") s (CreatedAt to ParsedAt)
total:              $(f "$parsed" "$start") s (CLI wall with --wait polling: $(f "$end" "$start") s)
worker log:         ${worker_line:-?}
peak RSS (VmHWM):   worker $worker_mb MB, web $web_mb MB
CPU during upload + processing: worker $worker_cpu s, web $web_cpu s, PostgreSQL $pg_cpu_used s (load average before: $load0; after: $load1)
stored:             SeriesChunks $stored in total, with the demo data and any warm-up ($chunks for this file); CycleCurves $curves
REPORT
printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$rows" "$((size / 1000000)) MB" "$(f "$created" "$start")" \
  "$(f "$parsed" "$created")" "$(f "$parsed" "$start")" "${worker_line##*rows }" "$worker_mb MB" "$web_mb MB" \
  "$worker_cpu / $web_cpu / $pg_cpu_used s" "$cycles" "$mine" "${load0%% *}-${load1%% *}"
