// The same-run reference bench:watchers reads query-svc's fan-out against: a plain grpc-js server
// streaming one message's bytes, unchanged, to every open stream of the method path the watchers
// call, each time its parent says so, and nothing of orderlens (no change feed, pacing, report
// reads, auth, metrics or serialization per stream). On a shared machine an absolute latency says
// more about the machine than the code; query-svc's multiple of what bare grpc-js does with the
// same message, streams and cores, in the same run, does not.
//
// Run as a script (`--serve`) it serves in a process of its own, as query-svc does.
import * as grpc from "@grpc/grpc-js";
import { ReportQueryService } from "@orderlens/contracts";

/** The path the watchers call: the bare server answers it as query-svc would. */
const WATCH_PATH = `/${ReportQueryService.typeName}/WatchSalesReport`;

export type ToFanOut = { cmd: "update" } | { cmd: "cpu" } | { cmd: "stop" };
export type FromFanOut = { port: number } | { cpuMicros: number };

const asIs = (bytes: Buffer): Buffer => bytes;

/** Every open stream gets `message` when it opens (the first report) and on each update. */
function serveFanOut(
  server: grpc.Server,
  message: Buffer,
): Set<grpc.ServerWritableStream<Buffer, Buffer>> {
  const streams = new Set<grpc.ServerWritableStream<Buffer, Buffer>>();
  server.addService(
    {
      watchSalesReport: {
        path: WATCH_PATH,
        requestStream: false,
        responseStream: true,
        requestSerialize: asIs,
        requestDeserialize: asIs,
        responseSerialize: asIs,
        responseDeserialize: asIs,
      },
    },
    {
      watchSalesReport: (call: grpc.ServerWritableStream<Buffer, Buffer>) => {
        streams.add(call);
        call.on("cancelled", () => streams.delete(call));
        call.write(message);
      },
    },
  );
  return streams;
}

async function serve(message: Buffer): Promise<void> {
  const server = new grpc.Server();
  const streams = serveFanOut(server, message);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  process.on("message", (msg: ToFanOut) => {
    if (msg.cmd === "update") {
      for (const stream of streams) stream.write(message);
    } else if (msg.cmd === "cpu") {
      // Its own count, to the µs: the /proc tick (10 ms) is coarse for a small run.
      const { user, system } = process.cpuUsage();
      process.send?.({ cpuMicros: user + system } satisfies FromFanOut);
    } else {
      server.forceShutdown();
      process.disconnect();
    }
  });
  process.send?.({ port } satisfies FromFanOut);
}

/** The message arrives as base64 in the arguments: `--serve <base64>`. */
const at = process.argv.indexOf("--serve");
if (at >= 0) await serve(Buffer.from(process.argv[at + 1] ?? "", "base64"));
