import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { OrderCommandService, ReportQueryService } from "@orderlens/contracts";
import { type MeiliStandIn, silentLogger, startMeiliStandIn } from "@orderlens/meili-stand-in";
import { createGrpcJsClient, type GrpcJsClient } from "@orderlens/server";
import {
  createAmqpScope,
  createTestDatabase,
  getFreePort,
  packageBin,
  type TestDatabase,
  waitFor,
} from "@orderlens/testing";

export const tokens = {
  writer: "e2e-writer-token",
  reader: "e2e-reader-token",
  admin: "e2e-admin-token",
  demo: "e2e-demo-token",
};

export interface System {
  commands: GrpcJsClient<typeof OrderCommandService>;
  queries: GrpcJsClient<typeof ReportQueryService>;
  ports: { command: number; query: number; projector: number };
  stop(): Promise<void>;
}

/**
 * The whole system as it is deployed: three service processes from their built CLIs, each on its
 * own port, over real MariaDB, RabbitMQ and a Meilisearch(-compatible) server.
 */
export async function startSystem(label: string): Promise<System> {
  const events: TestDatabase = await createTestDatabase(`${label} events`);
  const read: TestDatabase = await createTestDatabase(`${label} read`);
  const scope = createAmqpScope(label);
  const meiliKey = "e2e-master-key";
  const meili: MeiliStandIn = await startMeiliStandIn({
    port: 0,
    masterKey: meiliKey,
    logger: silentLogger,
  });
  const ports = {
    command: await getFreePort(),
    query: await getFreePort(),
    projector: await getFreePort(),
  };
  const common = {
    ...process.env,
    AMQP_URL: scope.url,
    AMQP_PREFIX: `${scope.prefix}ol`,
    PARTITIONS: "4",
    RETRY_DELAYS_MS: "200,400,800",
    MEILI_URL: meili.url,
    MEILI_API_KEY: meiliKey,
    ORDERLENS_TOKENS: `writer:${tokens.writer}=orders:write;reader:${tokens.reader}=reports:read;ops:${tokens.admin}=admin;demo:${tokens.demo}=orders:write,reports:read`,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "error",
    SHUTDOWN_GRACE_MS: "2000",
  };
  const children: ChildProcess[] = [];
  const start = async (cli: string, port: number, env: NodeJS.ProcessEnv) => {
    const child = spawn(process.execPath, [cli, "serve"], {
      env: { ...common, ...env },
      stdio: ["ignore", "inherit", "inherit"],
    });
    children.push(child);
    await waitFor(
      async () =>
        (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok || undefined,
      {
        timeoutMs: 30_000,
        description: `${cli} to be ready`,
      },
    );
  };
  await start(packageBin("@orderlens/command-svc", "orderlens-command-svc"), ports.command, {
    COMMAND_PORT: String(ports.command),
    COMMAND_HOST: "127.0.0.1",
    MYSQL_URL: events.url,
    ALLOW_CLIENT_COMMAND_TIME: "true",
  });
  await start(packageBin("@orderlens/projector", "orderlens-projector"), ports.projector, {
    PROJECTOR_PORT: String(ports.projector),
    PROJECTOR_HOST: "127.0.0.1",
    MYSQL_URL: events.url,
    PROJECTOR_MYSQL_URL: read.url,
    SYNC_INTERVAL_MS: "20",
    PROJECTOR_BATCH_MS: "5",
  });
  await start(packageBin("@orderlens/query-svc", "orderlens-query-svc"), ports.query, {
    QUERY_PORT: String(ports.query),
    QUERY_HOST: "127.0.0.1",
  });
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
    async stop() {
      commands.close();
      queries.close();
      for (const c of children) c.kill("SIGTERM");
      await Promise.all(
        children.map((c) =>
          c.exitCode === null && c.signalCode === null ? once(c, "exit") : null,
        ),
      );
      await meili.close();
      await scope.cleanup();
      await events.drop();
      await read.drop();
    },
  };
}
