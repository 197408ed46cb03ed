#!/usr/bin/env bash
# npm test: installs what is missing, starts a throwaway PostgreSQL and Redis (unless DATABASE_URL
# and REDIS_URL are set), type-checks, lints, runs every Jest tier (unit, int, e2e), stops the servers.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/services.sh
ensure_node_modules || exit 1
command -v khal >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && echo "installing khal (apt-get)…" >&2 && export DEBIAN_FRONTEND=noninteractive && apt-get update -qq >/dev/null && apt-get install -y -qq khal >/dev/null; } || echo "khal ontbreekt en kon niet worden geïnstalleerd: de khal-feedtest faalt" >&2

mkdir -p .run
RESULTS=.run/jest-results.json
rm -f "$RESULTS"
if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  TMP=$(mktemp -d /tmp/anw-test.XXXXXX)
  trap 'services_purge "$TMP"' EXIT
  services_start "$TMP" || exit 1
fi
export NODE_ENV=test
export JWT_SECRET=${JWT_SECRET:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}
export LOG_LEVEL=${LOG_LEVEL:-warn}

echo "== type check" >&2
npx tsc -p tsconfig.json || { echo '{"numPassedTests":0,"numFailedTests":1}' > "$RESULTS"; exit 1; }

echo "== lint" >&2
npx eslint . || { echo '{"numPassedTests":0,"numFailedTests":1}' > "$RESULTS"; exit 1; }

echo "== build and migrate" >&2
npm run --silent build && node dist/libs/database/src/migrate.js run >&2 \
  || { echo '{"numPassedTests":0,"numFailedTests":1}' > "$RESULTS"; exit 1; }

echo "== jest (unit, int, e2e)" >&2
node --experimental-vm-modules node_modules/jest/bin/jest.js --ci --json --outputFile="$RESULTS" "$@"
