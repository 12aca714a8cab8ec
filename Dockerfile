# syntax=docker/dockerfile:1
# Filamenta's container image: `docker build -t filamenta .`, then see docs/deploy/docker.md.
# The only writable place is /app/data (the SQLite file, and Node's compile cache beside it), so
# the container runs as well with a read-only root filesystem (`read_only: true` in compose.yaml).

FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
# Dependencies first: this layer is reused until package*.json change; the npm cache survives builds.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci
COPY tsconfig.json esbuild.config.ts ./
COPY adapters ./adapters
COPY src ./src
COPY scripts ./scripts
COPY console ./console
# The bundles in dist/, and the console in dist/console/ (served at <base>/admin/).
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
# HOST: a published port reaches the container on its own interface, not on its loopback.
# NODE_COMPILE_CACHE: the bundle's launcher caches compiled code; keep it in the volume (or nowhere
# when the volume is missing and the root is read-only), never in /tmp.
# NODE_OPTIONS: V8's young generation grows under load and keeps its size; 8 MiB semi-spaces cap it
# at 24 MiB, about 50 MiB less resident, no throughput lost in the bench's loads (docs/deploy/memory.md).
ENV NODE_ENV=production \
    DEPLOYMENT_TARGET=container \
    HOST=0.0.0.0 \
    PORT=3000 \
    NODE_COMPILE_CACHE=/app/data/.node-compile-cache \
    NODE_OPTIONS=--max-semi-space-size=8
# Owned by root and not writable by the app's user; only the data folder is.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/src ./src
COPY --from=build /app/scripts ./scripts
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
STOPSIGNAL SIGTERM
# Liveness only (no database round trip): /health/ready is for traffic routing, not restarts.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "const p=(process.env.BASE_PATH||process.env.APPLICATION_ROOT||'').replace(/\\/+$/,'');fetch(`http://127.0.0.1:${process.env.PORT||3000}${p}/health`,{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/container.mjs"]
