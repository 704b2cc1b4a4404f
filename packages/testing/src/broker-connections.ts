import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Broker-side ids of the connections whose client named itself `connectionName` (the
 * connection_name client property), from rabbitmqctl on this machine.
 */
export async function brokerConnectionPids(connectionName: string): Promise<string[]> {
  const { stdout } = await run(
    "rabbitmqctl",
    ["list_connections", "pid", "client_properties", "-q"],
    { timeout: 10_000 },
  );
  const named = `{"connection_name","${connectionName}"}`;
  return stdout
    .split("\n")
    .filter((line) => line.includes(named))
    .flatMap((line) => line.match(/<[^>]+>/)?.[0] ?? []);
}

/** Closes a client's connection from the broker's side, as a broker restart would. */
export async function closeBrokerConnection(connectionName: string): Promise<void> {
  const [pid] = await brokerConnectionPids(connectionName);
  if (!pid) throw new Error(`connection ${connectionName} not found on the broker`);
  await run("rabbitmqctl", ["close_connection", pid, "test: closed by the broker"], {
    timeout: 10_000,
  });
}
