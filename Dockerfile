# syntax=docker/dockerfile:1
# One image for every service and one-shot job of docker-compose.yml; compose chooses the command,
# e.g. `node -r @swc-node/register services/intake/src/main.ts`. Sources run as TypeScript through
# @swc-node/register, exactly as the local launcher runs them, so there is no separate build step.

ARG NODE_IMAGE=node:24-bookworm-slim

# Only the package manifests of the root and every workspace, so the dependency layer below is
# rebuilt when a manifest or the lock file changes, not on every source edit.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json -delete \
 && find . -type d -empty -delete

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=manifests /src/ ./
# Runtime dependencies only; @swc-node/register and @swc/core are among them. The Node binary the
# project installs for machines with an older Node (node-linux-*) is dropped: the image has its own.
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/node-linux-* node_modules/.bin/node \
 && npm cache clean --force

# The operations console's static files (Vite, a development dependency), built once here; the
# admin gateway serves them under /console/.
FROM ${NODE_IMAGE} AS console
WORKDIR /src
COPY --from=manifests /src/ ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run console:build

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    SWC_NODE_PROJECT=/app/tsconfig.base.json
WORKDIR /app
COPY --from=deps /app/ ./
COPY . .
COPY --from=console /src/services/admin-gateway/console/dist services/admin-gateway/console/dist
# The document service's blob directory (DOCUMENT_STORAGE_DIR in docker-compose.yml): a new named
# volume mounted here copies this owner, so the service's user can write to it.
RUN mkdir -p /var/lib/lawfirm-document && chown node:node /var/lib/lawfirm-document
USER node
CMD ["node", "-r", "@swc-node/register", "services/gateway/src/main.ts"]
