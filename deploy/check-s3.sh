#!/usr/bin/env bash
# Checks the S3 raw-file store against moto's S3 server (an S3 implementation independent of ours), end to end:
# a real portal (deploy/bench/ingest.sh: dev.sh run, Release) with RawFiles:Provider=S3 stores an upload in the
# bucket, the worker reads it back and parses it, and boto3 reads the object and compares its SHA-256 with the file's.
#
#   deploy/check-s3.sh [FILE]     default: the navani jdb11-1 .mpr test file (46,102 rows)
#
# Needs moto_server and python3 with boto3 (present on the project's machine image; PyPI is not reachable there,
# so this is a manual check, not part of the test suite, which uses an in-test S3 endpoint instead).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FILE=${1:-$ROOT/tests/HalidePortal.Ingest.Tests/TestData/navani__jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr}
PORT=${MOTO_PORT:-5199}
command -v moto_server >/dev/null || { echo "moto_server is not installed" >&2; exit 2; }

moto_server -p "$PORT" >/tmp/halide-moto.log 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done
curl -s -X PUT "http://127.0.0.1:$PORT/halide-raw" -o /dev/null

export RawFiles__Provider=S3 RawFiles__S3__ServiceUrl="http://127.0.0.1:$PORT" RawFiles__S3__Bucket=halide-raw \
  RawFiles__S3__AccessKey=testing RawFiles__S3__SecretKey=testing
BENCH_WARMUP_ROWS=0 "$ROOT/deploy/bench/ingest.sh" "$FILE" | grep -E "^(file|worker log):"

expected=$(sha256sum "$FILE" | cut -d' ' -f1)
MOTO_PORT=$PORT EXPECTED=$expected python3 - <<'PY'
import hashlib, os, sys
import boto3
s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{os.environ['MOTO_PORT']}", aws_access_key_id="testing",
                  aws_secret_access_key="testing", region_name="us-east-1")
expected = os.environ["EXPECTED"]
key = f"sha256/{expected[:2]}/{expected}"
body = s3.get_object(Bucket="halide-raw", Key=key)["Body"].read()
actual = hashlib.sha256(body).hexdigest()
print(f"s3://halide-raw/{key}: {len(body)} bytes, sha256 {'matches' if actual == expected else 'DIFFERS: ' + actual}")
sys.exit(0 if actual == expected else 1)
PY
