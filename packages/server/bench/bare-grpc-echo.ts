// The same-run reference bench:server reads the one-port server against: a plain grpc-js server
// with one unary handler for the method path the bench calls, answering the same empty response
// bytes, and nothing of orderlens (no interceptors, logging, auth, metrics, request rules,
// protobuf decoding or connection peeking). On a shared machine an absolute calls/s says more
// about the machine than the code; the server's share of what bare grpc-js does on the same
// cores, in the same rounds, does not.
//
// Run as a script (`--serve`) it serves in a process of its own, as the servers it is compared
// with do.
import * as grpc from "@grpc/grpc-js";
import { ReportQueryService } from "@orderlens/contracts";
import { answerParent, type ServedInChild } from "./server-process.js";

/** The path bench:server's grpc scenario calls. */
export const ECHO_PATH = `/${ReportQueryService.typeName}/GetProjectionStatus`;

/** An empty GetProjectionStatusResponse is zero bytes on the wire, as the server's handler sends. */
const EMPTY = Buffer.alloc(0);

const asIs = (bytes: Buffer): Buffer => bytes;

export async function startBareGrpcEcho(): Promise<ServedInChild> {
  const server = new grpc.Server();
  server.addService(
    {
      getProjectionStatus: {
        path: ECHO_PATH,
        requestStream: false,
        responseStream: false,
        requestSerialize: asIs,
        requestDeserialize: asIs,
        responseSerialize: asIs,
        responseDeserialize: asIs,
      },
    },
    {
      getProjectionStatus: (
        _call: grpc.ServerUnaryCall<Buffer, Buffer>,
        callback: grpc.sendUnaryData<Buffer>,
      ) => callback(null, EMPTY),
    },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { port, close: () => closeWithin(server, 1000) };
}

/** As the one-port server closes in the bench: calls get `graceMs` to finish, then are cut. */
function closeWithin(server: grpc.Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => server.forceShutdown(), graceMs);
    server.tryShutdown(() => {
      clearTimeout(cut);
      resolve();
    });
  });
}

if (process.argv.includes("--serve")) answerParent(await startBareGrpcEcho());
