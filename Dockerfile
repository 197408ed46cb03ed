# syntax=docker/dockerfile:1
#
# One image for all three roles of anw-rooster (the default command is the API):
#   api         node --no-memory-reducer dist/apps/api/src/main.js  (listens on API_PORT, 3000; flag: apps/api/src/node-flags.ts)
#   worker      node dist/apps/worker/src/main.js                     (BullMQ; /health + /metrics on WORKER_PORT, 3001)
#   migrations  node dist/libs/database/src/migrate.js run            (one-shot; apps never migrate at boot)
#
#   docker build -t anw-rooster .
#   docker run --rm --env-file .env anw-rooster node dist/libs/database/src/migrate.js run
#
# Every role validates the full config schema at start (libs/platform/src/config/config.ts), so
# even the migration run needs DATABASE_URL, REDIS_URL and JWT_SECRET (>= 32 chars).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: all dependencies, compile TypeScript, then drop the dev dependencies ----------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# argon2 ships prebuilt binaries for linux x64/arm64 (glibc); the toolchain is only the fallback
# for node-gyp on other platforms. It stays in this stage and never reaches the runtime image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Use the image's bundled npm 10: npm 11 leaves other platforms' optional binaries out of
# package-lock.json and its `npm ci` then rejects the lock file (see scripts/services.sh).
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json tsconfig.json ./
COPY apps ./apps
COPY libs ./libs
# tsc -p tsconfig.build.json && tsc-alias (rewrites @anw/* into relative paths inside dist/)
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: production node_modules + dist + data files, non-root ------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
# package.json must be present: its "type": "module" is what makes Node load dist/**/*.js as ESM.
# Files stay owned by root (read-only for the app user); nothing writes into /app at runtime.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# NZa tariff tables are read at startup from $PWD/config/tariffs (TariffTablesService), so the
# working directory must stay /app.
COPY config ./config
# the "node" user (uid/gid 1000) of the official image; numeric so runAsNonRoot can verify it
USER 1000:1000
EXPOSE 3000 3001
# Nest's enableShutdownHooks handles SIGTERM (drains HTTP, closes BullMQ workers and the pools).
STOPSIGNAL SIGTERM
CMD ["node", "--no-memory-reducer", "dist/apps/api/src/main.js"]
