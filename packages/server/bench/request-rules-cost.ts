// The CPU cost of checking one request against its contract's rules, in-process, without the
// noise of sockets: the figure that decides whether checking every call is affordable.
import { create } from "@bufbuild/protobuf";
import { CreateOrderRequestSchema } from "@orderlens/contracts";
import { requestViolations } from "../src/request-validation.js";

type CreateOrderInit = Parameters<typeof create<typeof CreateOrderRequestSchema>>[1];

export async function timeRequestRules(init: CreateOrderInit, calls = 50_000): Promise<string> {
  const request = create(CreateOrderRequestSchema, init);
  const started = performance.now();
  const first = requestViolations(CreateOrderRequestSchema, request);
  const firstMs = performance.now() - started;
  if (first.length > 0) throw new Error(`the bench request breaks rules: ${first[0]?.field}`);
  // Warm the JIT before timing.
  for (let i = 0; i < 5_000; i++) requestViolations(CreateOrderRequestSchema, request);
  const t0 = process.cpuUsage();
  for (let i = 0; i < calls; i++) requestViolations(CreateOrderRequestSchema, request);
  const used = process.cpuUsage(t0);
  const perCall = (used.user + used.system) / 1000 / calls;
  return `request rules, in-process: first CreateOrder ${firstMs.toFixed(1)} ms (compiling its rules), then ${perCall.toFixed(4)} ms CPU per call over ${calls} calls`;
}
