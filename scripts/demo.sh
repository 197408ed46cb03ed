#!/usr/bin/env bash
# npm run demo: installs what is missing, starts PostgreSQL and Redis (kept in .run/demo between
# runs), builds, migrates, loads the demo data, runs the API and the worker, prints the URLs and
# demo logins, and stops everything on Ctrl-C.  `npm run demo -- --check` stops after a smoke test.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/services.sh
CHECK=0; [ "${1:-}" = "--check" ] && CHECK=1

ensure_node_modules
mkdir -p .run/demo
if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  services_start .run/demo/services "${DEMO_PG_PORT:-55433}" "${DEMO_REDIS_PORT:-56380}"
  STARTED_SERVICES=1
fi
[ -f .run/demo/jwt-secret ] || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > .run/demo/jwt-secret
export JWT_SECRET=${JWT_SECRET:-$(cat .run/demo/jwt-secret)}
export API_PORT=${API_PORT:-3000} WORKER_PORT=${WORKER_PORT:-3001}
export PUBLIC_BASE_URL=${PUBLIC_BASE_URL:-http://localhost:$API_PORT}
export LOG_LEVEL=${LOG_LEVEL:-warn}

echo "== build" >&2
npm run --silent build
echo "== migrate" >&2
node dist/libs/database/src/migrate.js run >&2
echo "== demo data" >&2
SUMMARY=$(node dist/libs/demo/src/run-demo-seed.js)

node --no-memory-reducer dist/apps/api/src/main.js > .run/demo/api.log 2>&1 & API_PID=$!
node dist/apps/worker/src/main.js > .run/demo/worker.log 2>&1 & WORKER_PID=$!
stop() {
  kill "$API_PID" "$WORKER_PID" 2>/dev/null || true
  wait "$API_PID" "$WORKER_PID" 2>/dev/null || true
  if [ "${STARTED_SERVICES:-0}" = 1 ]; then services_stop .run/demo/services "${DEMO_REDIS_PORT:-56380}"; fi
}
trap stop EXIT

for url in "http://127.0.0.1:$API_PORT/health" "http://127.0.0.1:$WORKER_PORT/health"; do
  for _ in $(seq 1 100); do curl -fs "$url" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "$url" >/dev/null || { echo "niet gestart: $url" >&2; tail -20 .run/demo/*.log >&2; exit 1; }
done

cat <<MSG

ANW Rooster draait.
  API            $PUBLIC_BASE_URL
  API-documentatie (Swagger)  $PUBLIC_BASE_URL/api/docs
  Health         $PUBLIC_BASE_URL/health   (worker: http://localhost:$WORKER_PORT/health)
  Wachtrijen     $PUBLIC_BASE_URL/ops/queues   (bull-board; alleen de platformbeheerder beheer@anw-rooster.demo)
  Logs           .run/demo/api.log, .run/demo/worker.log

Demo-logins (wachtwoord: demo-wachtwoord):
$(node -e 'const s=JSON.parse(process.argv[1]); for (const l of s.logins) console.log(`  ${l.role.padEnd(17)} ${l.email}`)' "$SUMMARY")

Inloggen: curl -s -XPOST $PUBLIC_BASE_URL/auth/login -H 'content-type: application/json' \\
            -d '{"email":"planner@hds-waterland.demo","password":"demo-wachtwoord"}'
MSG

if [ "$CHECK" = 1 ]; then
  TOKEN=$(curl -fs -XPOST "http://127.0.0.1:$API_PORT/auth/login" -H 'content-type: application/json' \
    -d '{"email":"planner@hds-waterland.demo","password":"demo-wachtwoord"}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).accessToken))')
  curl -fs "http://127.0.0.1:$API_PORT/auth/me" -H "authorization: Bearer $TOKEN" >/dev/null
  curl -fs -u 'beheer@anw-rooster.demo:demo-wachtwoord' "http://127.0.0.1:$API_PORT/ops/queues/api/queues" >/dev/null
  node scripts/demo-check.mjs "http://127.0.0.1:$API_PORT"
  echo "demo check: ok"
  exit 0
fi
echo "Stoppen: Ctrl-C"
wait "$API_PID"
