# Sourced by scripts/test.sh, scripts/demo.sh and the benchmarks: installs (when absent) and starts
# a real PostgreSQL and a real Redis for one state folder, on loopback only.
#
#   services_start DIR [PGPORT] [REDISPORT]   start (or find running) servers; exports DATABASE_URL, REDIS_URL
#   services_stop DIR                         stop them
#   services_purge DIR                        stop them and delete their data
#
# Ports left out are chosen free at start (bound to port 0 by the kernel), and written to
# DIR/ports so that a second command finds the same servers. As root, PostgreSQL runs as the
# `postgres` user, which may not be able to enter DIR (a clone in root's 0700 home): its data
# then lives in a folder of its own under /var/lib/postgresql/anw-rooster, named after DIR.

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

# N free TCP ports on 127.0.0.1, held open together so that they differ, then released.
services_free_ports() {
  node -e '
    const net = require("node:net");
    const n = Number(process.argv[1]);
    const servers = Array.from({ length: n }, () => net.createServer());
    Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, "127.0.0.1", () => ok(s.address().port)))))
      .then((ports) => { console.log(ports.join(" ")); servers.forEach((s) => s.close()); });
  ' "$1"
}

# The folder PostgreSQL's data and socket live in, for state folder $1 (absolute).
services_pg_home() {
  if [ "$(id -u)" = 0 ]; then
    echo "/var/lib/postgresql/anw-rooster/$(printf '%s' "$1" | sha1sum | cut -c1-16)"
  else
    echo "$1/pg-home"
  fi
}

# From / so that the postgres user is not left in a folder it may not enter (every path is absolute).
services_as_pg() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

services_start() {
  local dir=$1 pgport=${2:-} redisport=${3:-}
  services_install || return 1
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  local bin; bin=$(services_pg_bin)
  local home; home=$(services_pg_home "$dir")
  if [ "$(id -u)" = 0 ]; then
    install -d -o postgres -g postgres -m 700 "$home"
  else
    mkdir -p "$home"
  fi
  # Servers of this folder that still run keep their ports.
  local PGPORT='' REDISPORT=''
  [ -f "$dir/ports" ] && . "$dir/ports"
  if services_as_pg "$bin/pg_ctl" -D "$home/data" status >/dev/null 2>&1; then
    pgport=$(sed -n 4p "$home/data/postmaster.pid")
  fi
  if [ -n "$REDISPORT" ] && redis-cli -p "$REDISPORT" ping >/dev/null 2>&1; then redisport=$REDISPORT; fi
  if [ -z "$pgport" ] || [ -z "$redisport" ]; then
    local free; read -r -a free <<<"$(services_free_ports 2)"
    pgport=${pgport:-${free[0]}}; redisport=${redisport:-${free[1]}}
  fi

  if [ ! -f "$home/data/PG_VERSION" ]; then
    services_as_pg "$bin/initdb" -D "$home/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$home/initdb.log" 2>&1 \
      || { cat "$home/initdb.log" >&2; return 1; }
  fi
  if ! services_as_pg "$bin/pg_ctl" -D "$home/data" status >/dev/null 2>&1; then
    services_as_pg "$bin/pg_ctl" -D "$home/data" -l "$home/pg.log" -w \
      -o "-p $pgport -k $home -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null \
      || { tail -20 "$home/pg.log" >&2; return 1; }
  fi
  "$bin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='anw'" | grep -q 1 \
    || "$bin/createdb" -h 127.0.0.1 -p "$pgport" -U postgres anw
  if ! redis-cli -p "$redisport" ping >/dev/null 2>&1; then
    redis-server --port "$redisport" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" >/dev/null
    for _ in $(seq 1 50); do redis-cli -p "$redisport" ping >/dev/null 2>&1 && break; sleep 0.1; done
    redis-cli -p "$redisport" ping >/dev/null 2>&1 || { tail -20 "$dir/redis.log" >&2; return 1; }
  fi
  printf 'PGPORT=%s\nREDISPORT=%s\n' "$pgport" "$redisport" > "$dir/ports"
  export DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/anw"
  export REDIS_URL="redis://127.0.0.1:$redisport"
}

services_stop() {
  local dir=$1
  [ -d "$dir" ] || return 0
  dir=$(cd "$dir" && pwd)
  local bin; bin=$(services_pg_bin)
  local home; home=$(services_pg_home "$dir")
  [ -d "$home/data" ] && services_as_pg "$bin/pg_ctl" -D "$home/data" -m fast stop >/dev/null 2>&1
  local PGPORT='' REDISPORT=''
  [ -f "$dir/ports" ] && . "$dir/ports"
  [ -n "$REDISPORT" ] && redis-cli -p "$REDISPORT" shutdown nosave >/dev/null 2>&1
  rm -f "$dir/ports"
  return 0
}

services_purge() {
  local dir=$1
  [ -d "$dir" ] || return 0
  dir=$(cd "$dir" && pwd)
  services_stop "$dir"
  rm -rf "$(services_pg_home "$dir")" "$dir"
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
