import { connect as netConnect } from "node:net";
import { Code } from "@connectrpc/connect";
import {
  Health,
  HealthCheckResponse_ServingStatus,
  ReportQueryService,
} from "@orderlens/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { protocols, rejection, reportClient, waitFor } from "./__fixtures__/report-client.js";
import {
  captureLogger,
  connectClient,
  reportService,
  SECRET,
} from "./__fixtures__/test-service.js";
import {
  codeName,
  createGrpcJsClient,
  createRpcServer,
  fieldViolationsOf,
  type RpcServer,
} from "./index.js";

describe("one port, three protocols (auth disabled)", () => {
  let server: RpcServer;
  let port: number;
  const logs = captureLogger();

  beforeAll(async () => {
    server = createRpcServer({
      name: "test",
      logger: logs.logger,
      authDisabled: true,
      services: [reportService()],
      cors: { allowedOrigins: ["https://app.example"] },
      // The fixture answers order ids the contract refuses ("", "boom") to drive the plumbing;
      // the contract's rules have their own specs (request-validation.*.spec.ts).
      validateRequests: false,
    });
    ({ port } = await server.listen(0, "127.0.0.1"));
  });
  afterAll(() => server.close({ graceMs: 1000 }));

  it.each(protocols)("serves the same RPC over %s", async (protocol) => {
    const c = reportClient(protocol, port);
    const res = await c.getOrder("o-1");
    expect(res.order?.orderId).toBe("o-1");
    expect(res.projectedVersion).toBe(7n);
    c.close();
  });

  it.each(protocols)("carries field violations over %s", async (protocol) => {
    const c = reportClient(protocol, port);
    const err = await rejection(c.getOrder(""));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toBe("bad order id");
    expect(fieldViolationsOf(err)).toEqual([
      { field: "order_id", description: "must not be empty" },
    ]);
    c.close();
  });

  it.each(protocols)(
    "maps a non-ConnectError to INTERNAL without leaking it over %s",
    async (protocol) => {
      const c = reportClient(protocol, port);
      const err = await rejection(c.getOrder("boom"));
      expect(err.code).toBe(Code.Internal);
      expect(err.rawMessage).toBe("internal error");
      expect(JSON.stringify(err)).not.toContain("hunter2");
      expect(err.message).not.toContain("hunter2");
      c.close();
      const logged = logs
        .lines()
        .find((l) => l.msg === "unhandled error in rpc handler" && l.protocol === protocol);
      expect(JSON.stringify(logged)).toContain(SECRET);
      expect(JSON.stringify(logged)).toContain("stack");
    },
  );

  it.each(protocols)(
    "turns a client deadline into DEADLINE_EXCEEDED and aborts the handler over %s",
    async (protocol) => {
      const probe = { slowStarted: 0, slowAborted: 0 };
      const before = probe.slowAborted;
      const slow = createRpcServer({
        name: "deadline",
        logger: captureLogger().logger,
        authDisabled: true,
        services: [reportService(probe)],
      });
      const { port: p } = await slow.listen(0, "127.0.0.1");
      try {
        const err =
          protocol === "grpc"
            ? await rejection(
                createGrpcJsClient(ReportQueryService, `127.0.0.1:${p}`).getOrder(
                  { orderId: "slow-3000" },
                  { timeoutMs: 150 },
                ),
              )
            : await rejection(
                connectClient(ReportQueryService, p, protocol).getOrder(
                  { orderId: "slow-3000" },
                  { timeoutMs: 150 },
                ),
              );
        expect(err.code).toBe(Code.DeadlineExceeded);
        await waitFor(() => probe.slowAborted > before);
      } finally {
        await slow.close({ graceMs: 500 });
      }
    },
  );

  it("logs one structured line per call", async () => {
    const c = reportClient("connect", port);
    await c.getOrder("log-me");
    const line = logs
      .lines()
      .find(
        (l) =>
          l.msg === "rpc" && l.method === "GetOrder" && l.protocol === "connect" && l.code === "OK",
      );
    expect(line).toMatchObject({
      level: "info",
      service: "test",
      rpcService: "orderlens.reports.v1.ReportQueryService",
    });
    expect(typeof line?.durationMs).toBe("number");
    expect(String(line?.peer)).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(String(line?.time)).toMatch(/Z$/);
  });

  it("answers health Check on grpc and connect, and Watch streams changes", async () => {
    const grpcHealth = createGrpcJsClient(Health, `127.0.0.1:${port}`);
    const connectHealth = connectClient(Health, port, "connect");
    expect((await grpcHealth.check({ service: "" })).status).toBe(
      HealthCheckResponse_ServingStatus.SERVING,
    );
    expect((await connectHealth.check({ service: ReportQueryService.typeName })).status).toBe(
      HealthCheckResponse_ServingStatus.SERVING,
    );
    const unknown = await rejection(grpcHealth.check({ service: "nope.Nope" }));
    expect(unknown.code).toBe(Code.NotFound);

    const name = "custom.Component";
    server.health.setStatus(name, HealthCheckResponse_ServingStatus.NOT_SERVING);
    const seenGrpc: number[] = [];
    const seenConnect: number[] = [];
    const watchGrpc = (async () => {
      for await (const r of grpcHealth.watch({ service: name })) {
        seenGrpc.push(r.status);
        if (r.status === HealthCheckResponse_ServingStatus.SERVING) break;
      }
    })();
    const watchConnect = (async () => {
      for await (const r of connectHealth.watch({ service: name })) {
        seenConnect.push(r.status);
        if (r.status === HealthCheckResponse_ServingStatus.SERVING) break;
      }
    })();
    await waitFor(() => seenGrpc.length === 1 && seenConnect.length === 1);
    server.health.setStatus(name, HealthCheckResponse_ServingStatus.SERVING);
    await Promise.all([watchGrpc, watchConnect]);
    const expected = [
      HealthCheckResponse_ServingStatus.NOT_SERVING,
      HealthCheckResponse_ServingStatus.SERVING,
    ];
    expect(seenGrpc).toEqual(expected);
    expect(seenConnect).toEqual(expected);
    grpcHealth.close();
  });

  it("serves /healthz, /readyz and /metrics with the RPC counters", async () => {
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    for (const p of protocols) await reportClient(p, port).getOrder("metered");
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const p of protocols) {
      expect(text).toMatch(
        new RegExp(
          `rpc_server_requests_total\\{service="orderlens.reports.v1.ReportQueryService",method="GetOrder",protocol="${p}",code="OK"\\} \\d+`,
        ),
      );
    }
    expect(text).toContain(
      'rpc_server_duration_seconds_bucket{le="0.001",service="orderlens.reports.v1.ReportQueryService"',
    );
    expect(text).toContain('code="INVALID_ARGUMENT"');
    expect(text).toContain("process_cpu_user_seconds_total");
  });

  it("readyz follows the overall health status", async () => {
    server.health.setStatus("", HealthCheckResponse_ServingStatus.NOT_SERVING);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
    server.health.setStatus("", HealthCheckResponse_ServingStatus.SERVING);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
  });

  it("answers CORS preflight for allowed origins only", async () => {
    const url = `http://127.0.0.1:${port}/orderlens.reports.v1.ReportQueryService/GetOrder`;
    const preflight = (origin: string) =>
      fetch(url, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization",
        },
      });
    const ok = await preflight("https://app.example");
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(ok.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    expect(ok.headers.get("access-control-allow-headers")).toMatch(/Connect-Protocol-Version/);
    expect((await preflight("https://evil.example")).status).toBe(403);
  });

  it("survives clients that send a few bytes and close", async () => {
    for (const bytes of ["PRI", "GE", "\0\0\0"]) {
      await new Promise<void>((resolve) => {
        const s = netConnect(port, "127.0.0.1", () => {
          s.end(bytes);
        });
        s.on("close", () => resolve());
        s.on("error", () => resolve());
        s.resume();
      });
    }
    // An abrupt reset mid-preface, too.
    await new Promise<void>((resolve) => {
      const s = netConnect(port, "127.0.0.1", () => {
        s.write("PRI * HTTP/2");
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 20);
      });
    });
    for (const p of protocols) {
      const c = reportClient(p, port);
      expect((await c.getOrder("still-alive")).order?.orderId).toBe("still-alive");
      c.close();
    }
  });
});

describe("message size limit", () => {
  let server: RpcServer;
  let port: number;

  beforeAll(async () => {
    server = createRpcServer({
      name: "limits",
      logger: captureLogger().logger,
      authDisabled: true,
      services: [reportService()],
      // Megabyte order ids: the size limit comes before any contract rule could.
      validateRequests: false,
    });
    ({ port } = await server.listen(0, "127.0.0.1"));
  });
  afterAll(() => server.close({ graceMs: 1000 }));

  it.each(protocols)(
    "refuses a request over the default 1 MiB with RESOURCE_EXHAUSTED over %s",
    async (protocol) => {
      const c = reportClient(protocol, port);
      const err = await rejection(c.getOrder("x".repeat(1024 * 1024 + 10)));
      expect(codeName(err.code)).toBe("RESOURCE_EXHAUSTED");
      // Just under the limit still works.
      expect((await c.getOrder("y".repeat(1000 * 1000))).order?.orderId.length).toBe(1000 * 1000);
      c.close();
    },
  );
});
