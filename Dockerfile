# The callflow engine as a container image: the flows, the HTTP API, the calling engine and the
# built editor, run as a non-root user with its calls on the /data volume.
#
#   podman build -t callflow .            (or docker build; --build-arg BASE_IMAGE=… for a local base)
#   podman run -p 3978:3978 -v callflow-data:/data callflow
#
# BASE_IMAGE is any Debian bookworm image with Node.js 20 and npm on the PATH (the official one by
# default; scripts/build-base-image.mjs makes one where no registry is reachable).
ARG BASE_IMAGE=node:20-bookworm-slim

# ---- build: every dependency, the editor bundle and the engine's compiled JavaScript (dist/),
# then only the production dependencies kept.
FROM ${BASE_IMAGE} AS build
ENV DEBIAN_FRONTEND=noninteractive
# better-sqlite3 compiles from source when no prebuilt binary can be downloaded.
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends python3 make g++ >/dev/null \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The lock file alone first: the dependency layer is reused until it changes.
COPY package.json package-lock.json ./
RUN --mount=type=cache,id=callflow-npm,target=/root/.npm \
    npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: Node, espeak-ng, ffmpeg, the production dependencies and the compiled engine (no
# sources, no tsx or TypeScript: those are development dependencies).
FROM ${BASE_IMAGE}
ENV DEBIAN_FRONTEND=noninteractive
# espeak-ng speaks the prompts that flows give as words; ffmpeg decodes uploaded MP3 and M4A
# recordings (without its recommends: those are video hardware drivers).
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends espeak-ng ffmpeg >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 callflow \
 && useradd --system --uid 10001 --gid callflow --home-dir /app --no-create-home callflow \
 && mkdir -p /data && chown callflow:callflow /data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/bin ./bin
COPY --from=build /app/schemas ./schemas
COPY --from=build /app/editor/dist ./editor/dist
COPY --from=build /app/dist ./dist
# The flows folder is watched and written (uploaded prompts), so it belongs to the engine's user.
COPY --from=build --chown=callflow:callflow /app/flows ./flows
# Whatever the engine keeps under ./data (the built-in emulator's CA and app, when it runs without
# Azure credentials) lands on the volume too.
RUN ln -s /data /app/data

ENV NODE_ENV=production \
    CALLFLOW_RUN_FROM=dist \
    HOST=0.0.0.0 \
    PORT=3978 \
    CALLFLOW_STORE=sqlite:/data/callflow.db \
    CALLFLOW_TTS_CACHE_DIR=/data/tts
VOLUME /data
USER callflow
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/callflow.js", "serve"]
