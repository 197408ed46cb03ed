#!/usr/bin/env bash
# npm run demo: installs what is missing, starts PostgreSQL and Redis (their data kept between runs)
# and a mail catcher (MailDev) on free ports, builds, migrates, loads the demo data, runs the API and
# the worker, prints the URLs and demo logins, and stops everything on Ctrl-C. While it runs,
# .run/demo/env holds its servers' addresses (the CLI reads it when DATABASE_URL is unset).
# `npm run demo -- --check` runs a smoke test of the whole chain and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/services.sh
CHECK=0; [ "${1:-}" = "--check" ] && CHECK=1

ensure_node_modules
mkdir -p .run/demo
rm -f .run/demo/env
PIDS=()
stop() {
  rm -f .run/demo/env
  [ ${#PIDS[@]} -gt 0 ] && kill "${PIDS[@]}" 2>/dev/null || true
  [ ${#PIDS[@]} -gt 0 ] && wait "${PIDS[@]}" 2>/dev/null || true
  if [ "${STARTED_SERVICES:-0}" = 1 ]; then services_stop .run/demo/services; fi
}
trap stop EXIT

if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  services_start .run/demo/services
  STARTED_SERVICES=1
fi

# The port asked for when it is free (the URLs people remember), else one the kernel picks.
port_or_free() {
  node -e '
    const net = require("node:net");
    const s = net.createServer();
    s.once("error", () => { const t = net.createServer(); t.listen(0, "127.0.0.1", () => { console.log(t.address().port); t.close(); }); });
    s.listen(Number(process.argv[1]), "127.0.0.1", () => { console.log(s.address().port); s.close(); });
  ' "$1"
}

[ -f .run/demo/jwt-secret ] || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > .run/demo/jwt-secret
export JWT_SECRET=${JWT_SECRET:-$(cat .run/demo/jwt-secret)}
export API_PORT=${API_PORT:-$(port_or_free 3000)}
export WORKER_PORT=${WORKER_PORT:-$(port_or_free 3001)}
export PUBLIC_BASE_URL=${PUBLIC_BASE_URL:-http://localhost:$API_PORT}
export LOG_LEVEL=${LOG_LEVEL:-warn}

# Every message the system sends lands in MailDev, readable at its web page (unless SMTP_URL is set).
MAIL_WEB_URL=''
if [ -z "${SMTP_URL:-}" ]; then
  read -r -a mail_ports <<<"$(services_free_ports 1)"
  MAIL_WEB_PORT=${DEMO_MAIL_WEB_PORT:-$(port_or_free 1080)}
  node_modules/.bin/maildev --smtp "${mail_ports[0]}" --ip 127.0.0.1 --web "$MAIL_WEB_PORT" --web-ip 127.0.0.1 \
    --max-emails 5000 --silent > .run/demo/mail.log 2>&1 & PIDS+=($!)
  export SMTP_URL="smtp://127.0.0.1:${mail_ports[0]}"
  MAIL_WEB_URL="http://localhost:$MAIL_WEB_PORT"
fi

echo "== build" >&2
npm run --silent build
echo "== migrate" >&2
node dist/libs/database/src/migrate.js run >&2
echo "== demo data" >&2
SUMMARY=$(node dist/libs/demo/src/run-demo-seed.js)

node --no-memory-reducer dist/apps/api/src/main.js > .run/demo/api.log 2>&1 & PIDS+=($!); API_PID=$!
node dist/apps/worker/src/main.js > .run/demo/worker.log 2>&1 & PIDS+=($!)

urls=("http://127.0.0.1:$API_PORT/health" "http://127.0.0.1:$WORKER_PORT/health")
[ -n "$MAIL_WEB_URL" ] && urls+=("http://127.0.0.1:$MAIL_WEB_PORT/api/healthz")
for url in "${urls[@]}"; do
  for _ in $(seq 1 100); do curl -fs "$url" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "$url" >/dev/null || { echo "niet gestart: $url" >&2; tail -n 20 .run/demo/*.log >&2; exit 1; }
done

cat > .run/demo/env <<ENV
DATABASE_URL=$DATABASE_URL
REDIS_URL=$REDIS_URL
API_URL=$PUBLIC_BASE_URL
MAIL_WEB_URL=$MAIL_WEB_URL
ENV

cat <<MSG

ANW Rooster draait.
  API            $PUBLIC_BASE_URL
  API-documentatie (Swagger)  $PUBLIC_BASE_URL/api/docs
  Verstuurde mail ${MAIL_WEB_URL:-(naar $SMTP_URL)}   (MailDev: elk bericht dat het systeem verstuurt)
  Health         $PUBLIC_BASE_URL/health   (worker: http://localhost:$WORKER_PORT/health)
  Wachtrijen     $PUBLIC_BASE_URL/ops/queues   (bull-board; alleen de platformbeheerder beheer@anw-rooster.demo)
  Logs           .run/demo/api.log, .run/demo/worker.log, .run/demo/mail.log

Demo-logins (wachtwoord: demo-wachtwoord):
$(node -e 'const s=JSON.parse(process.argv[1]); for (const l of s.logins) console.log(`  ${l.role.padEnd(17)} ${l.email}`)' "$SUMMARY")

Inloggen: curl -s -XPOST $PUBLIC_BASE_URL/auth/login -H 'content-type: application/json' \\
            -d '{"email":"planner@hds-waterland.demo","password":"demo-wachtwoord"}'
Audittrail controleren (in een andere terminal; vindt de database van deze demo zelf):
          npm run --silent anw -- audit verify
  of met de database expliciet:  DATABASE_URL=$DATABASE_URL npm run --silent anw -- audit verify
MSG

if [ "$CHECK" = 1 ]; then
  TOKEN=$(curl -fs -XPOST "http://127.0.0.1:$API_PORT/auth/login" -H 'content-type: application/json' \
    -d '{"email":"planner@hds-waterland.demo","password":"demo-wachtwoord"}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).accessToken))')
  curl -fs "http://127.0.0.1:$API_PORT/auth/me" -H "authorization: Bearer $TOKEN" >/dev/null
  curl -fs -u 'beheer@anw-rooster.demo:demo-wachtwoord' "http://127.0.0.1:$API_PORT/ops/queues/api/queues" >/dev/null
  node scripts/demo-check.mjs "http://127.0.0.1:$API_PORT" "${MAIL_WEB_URL:+http://127.0.0.1:$MAIL_WEB_PORT}"
  # The README's CLI line, exactly as printed, finds this demo's database.
  env -u DATABASE_URL -u REDIS_URL npm run --silent anw -- audit verify --hds HDS-WATERLAND | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const v = JSON.parse(s.trim().split("\n").pop());
      if (!v.ok || v.checked < 1) { console.error(`demo check: audit verify ${JSON.stringify(v)}`); process.exit(1); }
      console.log(`demo check: audit trail intact, ${v.checked} records`);
    });'
  echo "demo check: ok"
  exit 0
fi
echo "Stoppen: Ctrl-C"
wait "$API_PID"
