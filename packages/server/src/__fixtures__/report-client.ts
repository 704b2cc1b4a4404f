// Report clients over each protocol, for the server's own specs.
import { ConnectError } from "@connectrpc/connect";
import { ReportQueryService } from "@orderlens/contracts";
import { expect } from "vitest";
import { createGrpcJsClient } from "../grpc-js-client.js";
import { connectClient } from "./test-service.js";

export const protocols = ["grpc", "connect", "grpc-web"] as const;
export type Protocol = (typeof protocols)[number];

export function reportClient(protocol: Protocol, port: number, token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (protocol === "grpc") {
    const c = createGrpcJsClient(ReportQueryService, `127.0.0.1:${port}`, { token });
    return {
      getOrder: (orderId: string) => c.getOrder({ orderId }),
      getProjectionStatus: () => c.getProjectionStatus({}),
      close: () => c.close(),
    };
  }
  const c = connectClient(ReportQueryService, port, protocol);
  return {
    getOrder: (orderId: string) => c.getOrder({ orderId }, { headers }),
    getProjectionStatus: () => c.getProjectionStatus({}, { headers }),
    close: () => {},
  };
}

export async function rejection(p: Promise<unknown>): Promise<ConnectError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectError);
    return err as ConnectError;
  }
  throw new Error("expected the call to fail");
}

export async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
