# syntax=docker/dockerfile:1
# One image for all three services. The command picks the service:
#
#   docker run orderlens apps/command-svc/dist/cli.js serve   # port 50051 (also: migrate)
#   docker run orderlens apps/query-svc/dist/cli.js serve     # port 50052
#   docker run orderlens apps/projector/dist/cli.js serve     # port 50053 (also: verify)
#   docker run orderlens apps/dashboard/dist/server/main.js   # port 8080: the web dashboard
#
# deploy/compose.yaml and deploy/k8s/ run it that way; deploy/README.md lists the settings.
#
# About package-lock.json: the registry mirror of the development machines serves only the
# linux/x64 build of packages that ship native binaries, so scripts/complete-lockfile.mjs adds
# *stub* entries (version only, no integrity) for the other platforms' optional binaries (see
# the root README, `npm run lock`). In this lockfile the stubs are the darwin, win32, android,
# linux-musl and armv7 builds of biome, buf and turbo; the linux-gnu x64 AND arm64 entries
# (turbo, biome, buf, rolldown, lightningcss) are full entries with integrity hashes. So:
#   - linux/amd64 (this base image, glibc): `npm ci` needs no stub. Against the public registry
#     it may also download the stubbed darwin/win32 binaries (a stub carries no os/cpu field, so
#     npm cannot skip it up front); they are dev dependencies, never run, and `npm prune
#     --omit=dev` drops them before the runtime stage. Against the x64-only mirror those fetches
#     fail and npm ci skips them, as it does in CI.
#   - linux/arm64 (`docker buildx build --platform linux/arm64`): also fine against the public
#     registry, since the arm64-gnu entries are real. Against the x64-only mirror the arm64
#     binaries of turbo/buf cannot be fetched and `npx turbo run build` fails: build arm64 images
#     with the public registry (`--build-arg NPM_CONFIG_REGISTRY=https://registry.npmjs.org/`),
#     or build for amd64 only. Do not switch the base to Alpine: the linux-musl entries are
#     stubs, fetched without an integrity check.
# One production dependency has a native binary: the projector's @duckdb/node-api (the history
# export), through @duckdb/node-bindings-<platform>: every platform's entry in the lockfile is a
# full one (os/cpu/libc set), so npm ci fetches only the build platform's. The runtime stage
# copies the build stage's node_modules, so it holds the binary of the platform it was built for. Everything else (mysql2, amqplib, @grpc/grpc-js, meilisearch,
# kysely, prom-client) is plain JavaScript.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- base: the Node image with the npm release the repository pins (package.json packageManager)
FROM ${NODE_IMAGE} AS base
ARG NPM_VERSION=11.19.1
ARG NPM_CONFIG_REGISTRY
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    TURBO_TELEMETRY_DISABLED=1
RUN npm install -g "npm@${NPM_VERSION}" && npm --version

# ---- manifests: only the files `npm ci` needs (the lockfile and every package.json, wherever
# the root "workspaces" globs put them), so the dependency layer below stays cached until one of
# them changes (COPY --from is cached by content).
FROM base AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && cp package-lock.json /manifests/ \
 && find . -name package.json -not -path "*/node_modules/*" -exec cp --parents {} /manifests/ \;

# ---- build: every dependency, the generated contracts, and what the services run
FROM base AS build
ARG NPM_CONFIG_REGISTRY
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
# Builds the three services with turbo (`generate`, buf + protoc-gen-es, both local binaries, runs
# before each build) and gathers into /out, for each service and each workspace it needs at run
# time, the package.json and the files its build emits into dist/: no benchmark, test harness,
# Meilisearch stand-in or demo. deploy/test/runtime-image.int.spec.ts runs the same script.
RUN node scripts/build-runtime.mjs /out
# Production dependencies only. node_modules/@orderlens/* are symlinks to the workspaces; those
# whose workspace is not in /out would dangle, and are removed.
RUN npm prune --omit=dev \
 && cp -a node_modules /out/ \
 && find /out/node_modules -xtype l -delete

# ---- runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
COPY --from=build --chown=root:root /out/ ./
# Numeric uid:gid (the image's `node` user) so Kubernetes runAsNonRoot can verify it. The files
# stay root-owned and read-only to the process; the services write nothing to disk, except the
# projector's history export, into HISTORY_DIR: mount a writable volume there to use it.
USER 1000:1000
# command-svc, query-svc, projector
EXPOSE 50051 50052 50053
ENTRYPOINT ["node"]
# No default service: say so instead of opening a REPL.
CMD ["-e", "console.error('choose a service, e.g. apps/command-svc/dist/cli.js serve (see deploy/README.md)'); process.exit(2)"]
