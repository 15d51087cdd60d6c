# Node 22 LTS is the production floor (googleapis 188, google-auth-library and kysely 0.29
# declare Node >= 22). Two stages: compile TypeScript with the dev dependencies, then ship the
# compiled JavaScript with production dependencies only (no tsx, no embedded Postgres).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY jobs ./jobs
COPY migrations ./migrations
RUN npm run build

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY manifest.yml ./
USER node
EXPOSE 3000
# /healthz checks Postgres, the queue store and (in worker processes) the workers. The app answers
# on PORT; a worker-only process (start --worker) on HEALTH_PORT (docker-compose.yml points its
# check there).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM reaches node directly (exec form): workers finish active jobs before exiting.
CMD ["node", "bin/peerpods.js", "start"]
