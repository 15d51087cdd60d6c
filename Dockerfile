FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Dev dependencies are not needed at run time; tsx (a runtime dependency) runs the sources.
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY jobs ./jobs
COPY migrations ./migrations
COPY tsconfig.json manifest.yml ./
USER node
EXPOSE 3000
# SIGTERM reaches node directly (exec form): workers finish active jobs before exiting.
CMD ["node", "bin/peerpods.js", "start"]
