# syntax=docker/dockerfile:1
# Multi-stage: build everything once, ship only production dependencies and the built output.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
RUN groupadd --system resetdesk && useradd --system --gid resetdesk --home /app resetdesk
COPY --from=build --chown=resetdesk:resetdesk /app/package.json ./
COPY --from=build --chown=resetdesk:resetdesk /app/node_modules ./node_modules
COPY --from=build --chown=resetdesk:resetdesk /app/dist ./dist
USER resetdesk
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/apps/api/src/main.js"]
