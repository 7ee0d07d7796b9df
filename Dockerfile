# syntax=docker/dockerfile:1
# CompanyOS — one image for every app. The command chooses what runs:
#   gateway (default)   node dist/apps/gateway/src/main.js     PORT 4000
#   a subgraph          node dist/apps/incidents/src/main.js   PORT 4001 (deployments 4002, …)
#   migrations          node dist/migrations/run.js
# ROLE=api|worker|all picks API, BullMQ workers or both from the same build.
#
#   docker build -t companyos .
#   docker run --rm -p 4000:4000 -e DATABASE_URL=… -e REDIS_URL=… -e GITHUB_WEBHOOK_SECRET=… companyos

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------- build
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true NPM_CONFIG_UPDATE_NOTIFIER=false
# Dependencies first, so this layer is cached until the lockfile changes.
# (.npmrc sets ignore-scripts=true: no install scripts run.)
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---------------------------------------------------------------- runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    LOG_LEVEL=info \
    ROLE=all \
    PORT=4000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
# The whole pruned tree (dist/, production node_modules/, and any non-TypeScript assets the
# apps read at run time). Owned by root and read-only for the app user.
COPY --from=build /app /app
# `node` (uid 1000) ships with the official image.
USER node
EXPOSE 4000 4001 4002 4003 4004 4005 4006
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "require('http').get('http://127.0.0.1:'+(process.env.PORT||4000)+'/health',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/apps/gateway/src/main.js"]
