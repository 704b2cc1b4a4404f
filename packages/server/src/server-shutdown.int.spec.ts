import { connect as netConnect } from "node:net";
import { ConnectError } from "@connectrpc/connect";
import { HealthCheckResponse_ServingStatus } from "@orderlens/contracts";
import { describe, expect, it } from "vitest";
import { reportClient, waitFor } from "./__fixtures__/report-client.js";
import { type Probe, reportService, startOpenServer } from "./__fixtures__/test-service.js";

/** A server whose probe counts slow calls, with a gRPC and a Connect client on it. */
async function startShutdownServer() {
  const probe: Probe = { slowStarted: 0, slowAborted: 0 };
  const { server, port } = await startOpenServer("shutdown", [reportService(probe)]);
  return {
    probe,
    server,
    port,
    grpcClient: reportClient("grpc", port),
    connect: reportClient("connect", port),
  };
}

describe("graceful shutdown", () => {
  it("lets in-flight calls on both stacks finish, then closes every connection", async () => {
    const { probe, server, port, grpcClient, connect } = await startShutdownServer();
    // Warm up both connections so they exist when shutdown starts.
    await grpcClient.getOrder("warm");
    await connect.getOrder("warm");

    const inflight = [grpcClient.getOrder("slow-600"), connect.getOrder("slow-600")];
    await waitFor(() => probe.slowStarted === 2);
    const t0 = performance.now();
    const closed = server.close({ graceMs: 5000 });
    let closedAt = 0;
    void closed.then(() => {
      closedAt = performance.now();
    });
    const results = await Promise.all(inflight);
    const doneAt = performance.now();
    expect(results.map((r) => r.order?.orderId)).toEqual(["slow-600", "slow-600"]);
    expect(probe.slowAborted).toBe(0);
    await closed;
    expect(closedAt).toBeGreaterThanOrEqual(doneAt - 50);
    expect(closedAt - t0).toBeLessThan(4000);
    expect(server.health.getStatus("")).toBe(HealthCheckResponse_ServingStatus.NOT_SERVING);
    // Nothing listens any more.
    await expect(
      new Promise((resolve, reject) => {
        const s = netConnect(port, "127.0.0.1", () => resolve(s));
        s.on("error", reject);
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    grpcClient.close();
  });

  it("force-closes calls that outlive the grace period", async () => {
    const { probe, server, grpcClient, connect } = await startShutdownServer();
    const inflight = [grpcClient.getOrder("slow-20000"), connect.getOrder("slow-20000")].map((p) =>
      p.then(
        () => "ok",
        (e: unknown) => ConnectError.from(e).code,
      ),
    );
    await waitFor(() => probe.slowStarted === 2);
    const t0 = performance.now();
    await server.close({ graceMs: 300 });
    expect(performance.now() - t0).toBeLessThan(3000);
    const outcomes = await Promise.all(inflight);
    expect(outcomes).not.toContain("ok");
    expect(probe.slowAborted).toBe(2);
    grpcClient.close();
  });
});
