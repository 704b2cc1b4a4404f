import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTopology } from "@orderlens/bus";
import { OrderCommandService, ReportQueryService } from "@orderlens/contracts";
import { silentLogger, startMeiliStandIn } from "@orderlens/meili-stand-in";
import { createGrpcJsClient, type GrpcJsClient } from "@orderlens/server";
import {
  type AmqpScope,
  type BenchMeili,
  createAmqpScope,
  createTestDatabase,
  getFreePort,
  type MeiliEngine,
  packageBin,
  startTestMeili,
  type TestDatabase,
  type TestMeili,
  waitFor,
} from "@orderlens/testing";

export const tokens = {
  writer: "e2e-writer-token",
  reader: "e2e-reader-token",
  admin: "e2e-admin-token",
  demo: "e2e-demo-token",
  /** Everything the dashboard offers: commands, reports and the projector's admin API. */
  dashboard: "e2e-dashboard-token",
};

/**
 * The services' own defaults, as `npm start` runs them, for benches (the harness tunes a few
 * for tests: fewer partitions, shorter sync and batch intervals).
 */
export const npmStartSettings: NodeJS.ProcessEnv = {
  PARTITIONS: "8",
  SYNC_INTERVAL_MS: "100",
  PROJECTOR_BATCH_MS: "20",
  LOG_LEVEL: "warn",
};

export interface System {
  commands: GrpcJsClient<typeof OrderCommandService>;
  queries: GrpcJsClient<typeof ReportQueryService>;
  ports: { command: number; query: number; projector: number };
  /** The service processes, for benches that read their CPU time and memory. */
  pids: { command: number; query: number; projector: number };
  /** The event store command-svc writes (a per-file test database). */
  eventsUrl: string;
  /** The projector's HISTORY_DIR (a temporary directory, removed by stop). */
  historyDir: string;
  /** The fanout exchange of the projector's change notices to query-svc. */
  noticesExchange: string;
  /** The Meilisearch the projector writes and query-svc reads, its master key and process. */
  meili: { engine: MeiliEngine; url: string; key: string; pid: number | undefined };
  /** With `dashboard: true`: the built dashboard, served by its own server process. */
  dashboardUrl?: string;
  stop(): Promise<void>;
}

export interface SystemOptions {
  /**
   * Also serve the built dashboard (apps/dashboard, its bin) on a port of its own, with CORS on
   * the three services for exactly its origin, as `npm start` does.
   */
  dashboard?: boolean;
  /**
   * A Meilisearch already running (a bench starts one per engine, as a process of its own);
   * by default the harness starts the test engine (ORDERLENS_TEST_MEILI) and closes it after.
   */
  meili?: BenchMeili;
  /** Settings every service gets last, over the harness's own (a bench runs the defaults). */
  env?: NodeJS.ProcessEnv;
}

/** Starts a built CLI as a child process and waits until `readyUrl` answers 200. */
async function spawnReady(
  children: ChildProcess[],
  args: string[],
  env: NodeJS.ProcessEnv,
  readyUrl: string,
): Promise<void> {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "inherit", "inherit"] });
  children.push(child);
  await waitFor(async () => (await fetch(readyUrl).catch(() => undefined))?.ok || undefined, {
    timeoutMs: 30_000,
    description: `${args[0]} to be ready`,
  });
}

async function startDashboard(
  children: ChildProcess[],
  port: number,
  ports: System["ports"],
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const url = `http://127.0.0.1:${port}`;
  const service = (p: number) => `http://127.0.0.1:${p}`;
  await spawnReady(
    children,
    [packageBin("@orderlens/dashboard", "orderlens-dashboard")],
    {
      ...env,
      DASHBOARD_PORT: String(port),
      DASHBOARD_HOST: "127.0.0.1",
      DASHBOARD_COMMAND_URL: service(ports.command),
      DASHBOARD_QUERY_URL: service(ports.query),
      DASHBOARD_PROJECTOR_URL: service(ports.projector),
      DASHBOARD_POLL_INTERVAL_MS: "1000",
    },
    `${url}/config.json`,
  );
  return url;
}

/** What the services run on: two test databases, a RabbitMQ scope and a Meilisearch. */
interface Backing {
  events: TestDatabase;
  read: TestDatabase;
  historyDir: string;
  scope: AmqpScope;
  meili: TestMeili | BenchMeili;
  meiliKey: string;
  ownsMeili: boolean;
}

async function startBacking(label: string, given: BenchMeili | undefined): Promise<Backing> {
  const events = await createTestDatabase(`${label} events`);
  const read = await createTestDatabase(`${label} read`);
  const historyDir = await mkdtemp(join(tmpdir(), "orderlens-history-"));
  const scope = createAmqpScope(label);
  if (given) {
    const meiliKey = given.masterKey;
    return { events, read, historyDir, scope, meili: given, meiliKey, ownsMeili: false };
  }
  const meiliKey = "e2e-master-key";
  const meili = await startTestMeili({
    masterKey: meiliKey,
    standIn: (o) => startMeiliStandIn({ ...o, logger: silentLogger }),
  });
  return { events, read, historyDir, scope, meili, meiliKey, ownsMeili: true };
}

async function stopBacking(backing: Backing): Promise<void> {
  const { events, read, historyDir, scope, meili, ownsMeili } = backing;
  if (ownsMeili) await meili.close();
  await scope.cleanup();
  await events.drop();
  await read.drop();
  await rm(historyDir, { recursive: true, force: true });
}

/** The environment every service process shares; with a dashboard, CORS for its origin. */
function commonEnv(backing: Backing, dashboardPort: number | undefined): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AMQP_URL: backing.scope.url,
    AMQP_PREFIX: `${backing.scope.prefix}ol`,
    PARTITIONS: "4",
    RETRY_DELAYS_MS: "200,400,800",
    MEILI_URL: backing.meili.url,
    MEILI_API_KEY: backing.meiliKey,
    ORDERLENS_TOKENS: `writer:${tokens.writer}=orders:write;reader:${tokens.reader}=reports:read;ops:${tokens.admin}=admin;demo:${tokens.demo}=orders:write,reports:read;dashboard:${tokens.dashboard}=orders:write,reports:read,admin`,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "error",
    SHUTDOWN_GRACE_MS: "2000",
    ...(dashboardPort ? { CORS_ORIGINS: `http://127.0.0.1:${dashboardPort}` } : {}),
  };
}

/** command-svc, then the projector, then query-svc, each once its /readyz answers. */
async function startServices(
  children: ChildProcess[],
  ports: System["ports"],
  common: NodeJS.ProcessEnv,
  backing: Backing,
  overrides: NodeJS.ProcessEnv = {},
): Promise<void> {
  const start = (cli: string, port: number, env: NodeJS.ProcessEnv) =>
    spawnReady(
      children,
      [cli, "serve"],
      { ...common, ...env, ...overrides },
      `http://127.0.0.1:${port}/readyz`,
    );
  await start(packageBin("@orderlens/command-svc", "orderlens-command-svc"), ports.command, {
    COMMAND_PORT: String(ports.command),
    COMMAND_HOST: "127.0.0.1",
    MYSQL_URL: backing.events.url,
    ALLOW_CLIENT_COMMAND_TIME: "true",
  });
  await start(packageBin("@orderlens/projector", "orderlens-projector"), ports.projector, {
    PROJECTOR_PORT: String(ports.projector),
    PROJECTOR_HOST: "127.0.0.1",
    MYSQL_URL: backing.events.url,
    PROJECTOR_MYSQL_URL: backing.read.url,
    HISTORY_DIR: backing.historyDir,
    SYNC_INTERVAL_MS: "20",
    PROJECTOR_BATCH_MS: "5",
  });
  await start(packageBin("@orderlens/query-svc", "orderlens-query-svc"), ports.query, {
    QUERY_PORT: String(ports.query),
    QUERY_HOST: "127.0.0.1",
  });
}

/** SIGTERM to each child, resolved when all have exited. */
async function stopChildren(children: readonly ChildProcess[]): Promise<void> {
  for (const c of children) c.kill("SIGTERM");
  await Promise.all(
    children.map((c) => (c.exitCode === null && c.signalCode === null ? once(c, "exit") : null)),
  );
}

/**
 * The whole system as it is deployed: three service processes from their built CLIs, each on its
 * own port, over real MariaDB, RabbitMQ and a Meilisearch(-compatible) server.
 */
export async function startSystem(label: string, options: SystemOptions = {}): Promise<System> {
  const backing = await startBacking(label, options.meili);
  const ports = {
    command: await getFreePort(),
    query: await getFreePort(),
    projector: await getFreePort(),
  };
  const dashboardPort = options.dashboard ? await getFreePort() : undefined;
  const common = commonEnv(backing, dashboardPort);
  const children: ChildProcess[] = [];
  await startServices(children, ports, common, backing, options.env);
  const dashboardUrl = dashboardPort
    ? await startDashboard(children, dashboardPort, ports, common)
    : undefined;
  const commands = createGrpcJsClient(OrderCommandService, `127.0.0.1:${ports.command}`, {
    token: tokens.writer,
  });
  const queries = createGrpcJsClient(ReportQueryService, `127.0.0.1:${ports.query}`, {
    token: tokens.reader,
  });
  return {
    commands,
    queries,
    ports,
    pids: {
      command: children[0]?.pid ?? 0,
      projector: children[1]?.pid ?? 0,
      query: children[2]?.pid ?? 0,
    },
    eventsUrl: backing.events.url,
    historyDir: backing.historyDir,
    noticesExchange: createTopology({ prefix: String(common.AMQP_PREFIX) })
      .readModelChangesExchange,
    meili: {
      engine: backing.meili.engine,
      url: backing.meili.url,
      key: backing.meiliKey,
      pid: backing.meili.pid,
    },
    ...(dashboardUrl ? { dashboardUrl } : {}),
    async stop() {
      commands.close();
      queries.close();
      await stopChildren(children);
      await stopBacking(backing);
    },
  };
}
