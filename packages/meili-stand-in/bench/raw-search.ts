import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";

/**
 * The same searches on a plain keep-alive HTTP connection: the stand-in's own latency, without
 * the official client's fetch overhead (which query-svc pays, and bench:queries measures).
 */
export async function rawSearchTimes(
  url: string,
  indexUid: string,
  warmUp: number,
  times: number,
  body: (i: number) => unknown,
): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(url);
  const post = (payload: unknown) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: `/indexes/${indexUid}/search`,
          method: "POST",
          agent,
          headers: { "content-type": "application/json" },
        },
        (res) => {
          res.resume();
          res.on("end", () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify(payload));
    });
  for (let i = 0; i < warmUp; i++) await post(body(i));
  const elapsed: number[] = [];
  for (let i = 0; i < times; i++) {
    const s = performance.now();
    await post(body(i));
    elapsed.push(performance.now() - s);
  }
  agent.destroy();
  return elapsed;
}
