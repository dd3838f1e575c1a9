# Sourced by scripts/test (and by hand: `source scripts/test-services.sh && start_test_postgres`):
# throwaway services for the server's test suite, each on a free loopback port, stopped (and their
# data removed) by `stop_test_services` or when the shell exits.
#
#   start_test_postgres  PostgreSQL (Debian's package, installed by scripts/bootstrap), its data in
#                        a new temporary folder; exports BEIAN_TEST_DATABASE_URL, and the suite
#                        makes one database per test there. Durability is off (nothing in it
#                        outlives the run) unless BEIAN_PG_DURABLE=1, for benchmarks that should
#                        sync like a production server.
#   start_test_s3        an S3-compatible server (moto, from PyPI, installed by scripts/bootstrap
#                        into .tools/moto) with the bucket `beian-test`; exports the AWS_* settings
#                        and BEIAN_TEST_MEDIA_URL, and the suite keeps each test's media under a
#                        prefix of its own there.

_beian_free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

_beian_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1
}

start_test_postgres() {
  local bin port
  bin="$(_beian_pg_bin)"
  if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
    echo "PostgreSQL is not installed (scripts/bootstrap installs Debian's postgresql)" >&2
    return 1
  fi
  _beian_pg_dir="$(mktemp -d -t beian-pg.XXXXXX)"
  port="$(_beian_free_port)"
  # PostgreSQL does not run as root: as root, the folder and the server belong to `postgres`.
  _beian_pg_as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$_beian_pg_dir"
    _beian_pg_as=(runuser -u postgres --)
  fi
  "${_beian_pg_as[@]}" "$bin/initdb" -D "$_beian_pg_dir/data" -U beian --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$_beian_pg_dir/initdb.log" 2>&1 \
    || { cat "$_beian_pg_dir/initdb.log" >&2; return 1; }
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${BEIAN_PG_DURABLE:-0}" = 1 ] && durability=""
  "${_beian_pg_as[@]}" "$bin/pg_ctl" -D "$_beian_pg_dir/data" -l "$_beian_pg_dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $_beian_pg_dir -c max_connections=400 $durability" \
    start >/dev/null \
    || { cat "$_beian_pg_dir/server.log" >&2; return 1; }
  trap stop_test_services EXIT
  export BEIAN_TEST_DATABASE_URL="postgres://beian@127.0.0.1:$port/postgres"
  echo "test PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

start_test_s3() {
  local root moto port
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  moto="$root/.tools/moto/bin"
  if [ ! -x "$moto/moto_server" ]; then
    echo "moto is not installed (scripts/bootstrap installs it into .tools/moto)" >&2
    return 1
  fi
  port="$(_beian_free_port)"
  _beian_s3_log="$(mktemp -t beian-s3.XXXXXX)"
  "$moto/moto_server" -H 127.0.0.1 -p "$port" >"$_beian_s3_log" 2>&1 &
  _beian_s3_pid=$!
  trap stop_test_services EXIT
  export AWS_ACCESS_KEY_ID=beian-test AWS_SECRET_ACCESS_KEY=beian-test AWS_REGION=us-east-1
  export AWS_ENDPOINT="http://127.0.0.1:$port" AWS_ALLOW_HTTP=true
  # Wait for it, then make the bucket (moto keeps everything in memory).
  "$moto/python" - "$AWS_ENDPOINT" <<'PY' || { cat "$_beian_s3_log" >&2; return 1; }
import sys, time, urllib.request
endpoint = sys.argv[1]
for _ in range(100):
    try:
        urllib.request.urlopen(endpoint + "/", timeout=1)
        break
    except Exception:
        time.sleep(0.1)
urllib.request.urlopen(urllib.request.Request(endpoint + "/beian-test", method="PUT"), timeout=5)
PY
  export BEIAN_TEST_MEDIA_URL=s3://beian-test
  echo "test S3 (moto $("$moto/python" -c 'import moto; print(moto.__version__)')) on 127.0.0.1:$port"
}

stop_test_services() {
  if [ -n "${_beian_pg_dir:-}" ]; then
    "${_beian_pg_as[@]}" "$(_beian_pg_bin)/pg_ctl" -D "$_beian_pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$_beian_pg_dir"
    unset _beian_pg_dir BEIAN_TEST_DATABASE_URL
  fi
  if [ -n "${_beian_s3_pid:-}" ]; then
    kill "$_beian_s3_pid" 2>/dev/null || true
    wait "$_beian_s3_pid" 2>/dev/null || true
    rm -f "$_beian_s3_log"
    unset _beian_s3_pid BEIAN_TEST_MEDIA_URL AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION AWS_ENDPOINT AWS_ALLOW_HTTP
  fi
}
