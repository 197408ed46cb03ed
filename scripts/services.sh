# Sourced by scripts/test.sh and scripts/demo.sh: installs (when absent) and starts a real
# PostgreSQL and a real Redis under a folder of our own, on loopback only.
# Usage: services_start DIR PGPORT REDISPORT ; services_stop DIR
# Exports DATABASE_URL and REDIS_URL.

services_need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL/Redis ontbreken en kunnen zonder root niet worden geïnstalleerd; zet DATABASE_URL en REDIS_URL." >&2
    return 1
  fi
}

services_install() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  services_need_root || return 1
  echo "installing ${missing[*]} (apt-get)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null
}

services_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

services_start() {
  local dir=$1 pgport=$2 redisport=$3
  services_install || return 1
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  local bin; bin=$(services_pg_bin)
  local run=(); [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; chmod 755 "$dir"; fi
  if [ ! -f "$dir/pg/PG_VERSION" ]; then
    "${run[@]}" "$bin/initdb" -D "$dir/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  if ! "${run[@]}" "$bin/pg_ctl" -D "$dir/pg" status >/dev/null 2>&1; then
    "${run[@]}" "$bin/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w \
      -o "-p $pgport -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null \
      || { tail -20 "$dir/pg.log" >&2; return 1; }
  fi
  "$bin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='anw'" | grep -q 1 \
    || "$bin/createdb" -h 127.0.0.1 -p "$pgport" -U postgres anw
  if ! redis-cli -p "$redisport" ping >/dev/null 2>&1; then
    redis-server --port "$redisport" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" >/dev/null
    for _ in $(seq 1 50); do redis-cli -p "$redisport" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/anw"
  export REDIS_URL="redis://127.0.0.1:$redisport"
}

services_stop() {
  local dir=$1 redisport=$2
  local bin; bin=$(services_pg_bin)
  local run=(); [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  [ -d "$dir/pg" ] && "${run[@]}" "$bin/pg_ctl" -D "$dir/pg" -m fast stop >/dev/null 2>&1
  redis-cli -p "$redisport" shutdown nosave >/dev/null 2>&1
  return 0
}

# Installs npm packages when node_modules is missing or older than the lock file. `npm install`
# rather than `npm ci`: npm 11 here leaves other platforms' optional binaries out of the lock file
# and `npm ci` then refuses it; `npm install` honours the lock's versions all the same.
ensure_node_modules() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "installing npm packages…" >&2
    npm install --no-audit --no-fund --loglevel=error >/dev/null
  fi
}
