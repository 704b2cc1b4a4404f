import { Code } from "@connectrpc/connect";
import { Health, HealthCheckResponse_ServingStatus } from "@orderlens/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { protocols, rejection, reportClient } from "./__fixtures__/report-client.js";
import { captureLogger, connectClient, reportService } from "./__fixtures__/test-service.js";
import { createGrpcJsClient, createRpcServer, type RpcServer } from "./index.js";

describe("auth", () => {
  let server: RpcServer;
  let port: number;
  const logs = captureLogger();

  beforeAll(async () => {
    server = createRpcServer({
      name: "auth",
      logger: logs.logger,
      tokens: [
        { subject: "reader", token: "reader-token", scopes: ["reports:read"] },
        { subject: "writer", token: "writer-token", scopes: ["orders:write"] },
      ],
      services: [reportService()],
    });
    ({ port } = await server.listen(0, "127.0.0.1"));
  });
  afterAll(() => server.close({ graceMs: 1000 }));

  it.each(protocols)("missing, wrong, insufficient and valid tokens over %s", async (protocol) => {
    const missing = await rejection(reportClient(protocol, port).getOrder("a"));
    expect(missing.code).toBe(Code.Unauthenticated);
    const wrong = await rejection(reportClient(protocol, port, "reader-tokem").getOrder("a"));
    expect(wrong.code).toBe(Code.Unauthenticated);
    const scope = await rejection(reportClient(protocol, port, "writer-token").getOrder("a"));
    expect(scope.code).toBe(Code.PermissionDenied);
    const ok = await reportClient(protocol, port, "reader-token").getOrder("a");
    // The handler sees the authenticated subject.
    expect(ok.order?.customerId).toBe("reader");
    // A method declared open (scope null) needs no token.
    expect((await reportClient(protocol, port).getProjectionStatus()).lastAppliedPosition).toBe(
      42n,
    );
  });

  it("never logs the token", () => {
    expect(JSON.stringify(logs.lines())).not.toContain("reader-token");
  });

  it("keeps health, reflection and /metrics open", async () => {
    const h = createGrpcJsClient(Health, `127.0.0.1:${port}`);
    expect((await h.check({ service: "" })).status).toBe(HealthCheckResponse_ServingStatus.SERVING);
    h.close();
    expect((await connectClient(Health, port, "grpc-web").check({ service: "" })).status).toBe(
      HealthCheckResponse_ServingStatus.SERVING,
    );
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
  });
});
