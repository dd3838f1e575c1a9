# Sourced by scripts/test (and by hand: `source scripts/postgres.sh && start_test_postgres`):
# starts a throwaway PostgreSQL server (Debian's package, installed by scripts/bootstrap) on a free
# loopback port, with its data in a new temporary folder, and exports BEIAN_TEST_DATABASE_URL for
# the server's test suite, which makes one database per test. The server and its folder go when
# the shell exits. Durability is off (nothing in it outlives the run) unless
# BEIAN_PG_DURABLE=1, for benchmarks that should sync like a production server.

start_test_postgres() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
    echo "PostgreSQL is not installed (scripts/bootstrap installs Debian's postgresql)" >&2
    return 1
  fi
  _beian_pg_dir="$(mktemp -d -t beian-pg.XXXXXX)"
  local port
  port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
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
  trap stop_test_postgres EXIT
  export BEIAN_TEST_DATABASE_URL="postgres://beian@127.0.0.1:$port/postgres"
  echo "test PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

stop_test_postgres() {
  [ -n "${_beian_pg_dir:-}" ] || return 0
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
  "${_beian_pg_as[@]}" "$bin/pg_ctl" -D "$_beian_pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$_beian_pg_dir"
  unset _beian_pg_dir BEIAN_TEST_DATABASE_URL
}
