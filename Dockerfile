# syntax=docker/dockerfile:1
# One image for every ShowStream service; docker-compose.yml picks the entry point per container.
# Node 24 runs the TypeScript sources directly (type stripping), so there is no build step.

FROM node:24-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
COPY platform/package.json platform/
COPY router/package.json router/
COPY schema/package.json schema/
COPY testkit/package.json testkit/
COPY subgraphs/users/package.json subgraphs/users/
COPY subgraphs/catalog/package.json subgraphs/catalog/
COPY subgraphs/inventory/package.json subgraphs/inventory/
COPY subgraphs/booking/package.json subgraphs/booking/
COPY subgraphs/payment/package.json subgraphs/payment/
COPY subgraphs/notification/package.json subgraphs/notification/
COPY subgraphs/analytics/package.json subgraphs/analytics/
# Full install first so the graphql-shield patch applies, then drop dev-only packages.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=dependencies --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json ./
COPY --chown=node:node platform ./platform
COPY --chown=node:node router ./router
COPY --chown=node:node schema ./schema
COPY --chown=node:node subgraphs ./subgraphs
USER node
CMD ["node", "router/src/main.ts"]
