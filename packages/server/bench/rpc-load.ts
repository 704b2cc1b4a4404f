// The load bench:server puts on a server: an empty unary call per protocol, each at its own
// concurrency, as fast as the clients go.
import { type Client, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { ReportQueryService } from "@orderlens/contracts";
import { createGrpcJsClient } from "../src/grpc-js-client.js";

export async function load(
  call: () => Promise<unknown>,
  concurrency: number,
  seconds: number,
): Promise<{ latencies: number[]; errors: number; elapsed: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      try {
        await call();
        latencies.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, errors, elapsed: (performance.now() - start) / 1000 };
}

export const PROTOCOLS = ["grpc", "connect", "grpc-web"] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface Scenario {
  protocol: Protocol;
  concurrency: number;
  call: () => Promise<unknown>;
}

export function scenarios(port: number): { list: Scenario[]; close: () => void } {
  const grpcClient = createGrpcJsClient(ReportQueryService, `127.0.0.1:${port}`);
  const baseUrl = `http://127.0.0.1:${port}`;
  const connectClient: Client<typeof ReportQueryService> = createClient(
    ReportQueryService,
    createConnectTransport({ httpVersion: "1.1", baseUrl }),
  );
  const grpcWebClient: Client<typeof ReportQueryService> = createClient(
    ReportQueryService,
    createGrpcWebTransport({ httpVersion: "1.1", baseUrl }),
  );
  const list: Scenario[] = [
    { protocol: "grpc", concurrency: 64, call: () => grpcClient.getProjectionStatus({}) },
    { protocol: "connect", concurrency: 32, call: () => connectClient.getProjectionStatus({}) },
    { protocol: "grpc-web", concurrency: 32, call: () => grpcWebClient.getProjectionStatus({}) },
  ];
  return { list, close: () => grpcClient.close() };
}
