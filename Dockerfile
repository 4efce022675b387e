# syntax=docker/dockerfile:1
# One image for every ShowStream service; docker-compose.yml picks the entry point per container.
# Node 24 runs the TypeScript sources directly (type stripping), so nothing is compiled: the build
# stages install packages and bundle the web app, and the runtime stage gets production packages,
# sources and the bundle, owned by root and run as the unprivileged `node` user.
# Debian slim rather than Alpine: the lockfile's native builds (argon2) are the glibc ones.

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
# Every workspace's manifest before anything else, so this layer is rebuilt only when a dependency changes.
COPY package.json package-lock.json ./
COPY patches ./patches
COPY platform/package.json platform/
COPY contracts/package.json contracts/
COPY router/package.json router/
COPY schema/package.json schema/
COPY client-ops/package.json client-ops/
COPY web/package.json web/
COPY testkit/package.json testkit/
COPY subgraphs/users/package.json subgraphs/users/
COPY subgraphs/catalog/package.json subgraphs/catalog/
COPY subgraphs/inventory/package.json subgraphs/inventory/
COPY subgraphs/booking/package.json subgraphs/booking/
COPY subgraphs/payment/package.json subgraphs/payment/
COPY subgraphs/notification/package.json subgraphs/notification/
COPY subgraphs/analytics/package.json subgraphs/analytics/
# `npm install`, not `npm ci`, as in .ci/run: the lockfile lists only the linux-x64 builds of packages
# with per-platform binaries, which `npm ci` refuses; `npm install` follows it for everything it lists.
# A full install, because the postinstall step (patch-package, a dev dependency) patches graphql-shield.
RUN npm install --no-audit --no-fund

# The web front end's static bundle (Vite is a dev dependency; the bundle is all the runtime needs).
FROM dependencies AS web
# Vite resolves web/tsconfig.json, which extends the base config.
COPY tsconfig.base.json ./
COPY client-ops ./client-ops
COPY web ./web
RUN npm run build --workspace @showstream/web

# Production packages only; workspaces keep their own node_modules where versions differ.
FROM dependencies AS production-dependencies
RUN npm prune --omit=dev --no-audit --no-fund && rm -rf patches

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=production-dependencies /app ./
COPY platform ./platform
COPY contracts ./contracts
COPY router ./router
COPY schema ./schema
COPY client-ops ./client-ops
COPY subgraphs ./subgraphs
COPY web/server ./web/server
COPY --from=web /app/web/dist ./web/dist
# The dead-letter tool, for `docker compose run --rm router node scripts/dlq.ts …`.
COPY scripts/dlq.ts ./scripts/
USER node
CMD ["node", "router/src/main.ts"]
