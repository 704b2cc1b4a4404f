import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import * as grpc from "@grpc/grpc-js";
import { allFiles, ReportQueryService } from "@orderlens/contracts";
import {
  ServerReflectionRequestSchema,
  ServerReflectionResponseSchema,
} from "@orderlens/contracts/gen/grpc/reflection/v1/reflection_pb";
import {
  ServerReflectionRequestSchema as AlphaRequestSchema,
  ServerReflectionResponseSchema as AlphaResponseSchema,
} from "@orderlens/contracts/gen/grpc/reflection/v1alpha/reflection_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogger, findGrpcurl, reportService } from "./__fixtures__/test-service.js";
import { createRpcServer, type RpcServer } from "./index.js";

const run = promisify(execFile);

describe("server reflection", () => {
  let server: RpcServer;
  let address: string;

  beforeAll(async () => {
    server = createRpcServer({
      name: "reflection",
      logger: captureLogger().logger,
      tokens: [{ subject: "reader", token: "reader-token", scopes: ["reports:read"] }],
      services: [reportService()],
      reflectionFiles: allFiles,
    });
    const { port } = await server.listen(0, "127.0.0.1");
    address = `127.0.0.1:${port}`;
  });
  afterAll(() => server.close({ graceMs: 1000 }));

  describe("through grpcurl", () => {
    const grpcurl = (...args: string[]) =>
      run(findGrpcurl(), ["-plaintext", ...args], { timeout: 20_000 });

    it("lists the served services", async () => {
      const { stdout } = await grpcurl(address, "list");
      expect(stdout.trim().split("\n")).toEqual([
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
        "orderlens.reports.v1.ReportQueryService",
      ]);
    });

    it("describes a service and a message with well-known-type imports", async () => {
      const svc = await grpcurl(address, "describe", ReportQueryService.typeName);
      expect(svc.stdout).toContain(
        "rpc GetOrder ( .orderlens.reports.v1.GetOrderRequest ) returns ( .orderlens.reports.v1.GetOrderResponse );",
      );
      const msg = await grpcurl(address, "describe", "orderlens.reports.v1.GetOrderRequest");
      expect(msg.stdout).toContain(".google.protobuf.Duration max_wait = 3;");
    });

    it("invokes an RPC with a token, and shows field violations", async () => {
      const ok = await grpcurl(
        "-H",
        "authorization: Bearer reader-token",
        "-d",
        '{"order_id":"o-9"}',
        address,
        "orderlens.reports.v1.ReportQueryService/GetOrder",
      );
      expect(JSON.parse(ok.stdout)).toMatchObject({
        order: { orderId: "o-9", customerId: "reader" },
      });

      const bad = await grpcurl(
        "-H",
        "authorization: Bearer reader-token",
        "-d",
        "{}",
        address,
        "orderlens.reports.v1.ReportQueryService/GetOrder",
      ).then(
        () => undefined,
        (err: { stdout: string; stderr: string }) => err,
      );
      expect(bad?.stderr).toContain("Code: InvalidArgument");
      expect(bad?.stderr).toContain("type.googleapis.com/google.rpc.BadRequest");
      expect(bad?.stderr).toContain('"field": "order_id"');
    });

    it("reports an unknown symbol", async () => {
      const err = await grpcurl(address, "describe", "nope.Nothing").then(
        () => undefined,
        (e: { stderr: string }) => e,
      );
      expect(err?.stderr).toMatch(/Symbol not found: nope\.Nothing/);
    });

    it("checks health without a token", async () => {
      const { stdout } = await grpcurl(address, "grpc.health.v1.Health/Check");
      expect(JSON.parse(stdout)).toEqual({ status: "SERVING" });
    });
  });

  describe("through a raw grpc-js bidi call", () => {
    async function reflect<Req extends DescMessage, Res extends DescMessage>(
      version: "v1" | "v1alpha",
      reqSchema: Req,
      resSchema: Res,
      requests: MessageShape<Req>[],
    ): Promise<MessageShape<Res>[]> {
      const client = new grpc.Client(address, grpc.credentials.createInsecure());
      try {
        const call = client.makeBidiStreamRequest(
          `/grpc.reflection.${version}.ServerReflection/ServerReflectionInfo`,
          (m: MessageShape<Req>) => Buffer.from(toBinary(reqSchema, m)),
          (b: Buffer) => fromBinary(resSchema, b),
        );
        for (const r of requests) call.write(r);
        call.end();
        const out: MessageShape<Res>[] = [];
        for await (const r of call) out.push(r as MessageShape<Res>);
        return out;
      } finally {
        client.close();
      }
    }

    it("answers list, file_containing_symbol, file_by_filename and NOT_FOUND (v1)", async () => {
      const responses = await reflect(
        "v1",
        ServerReflectionRequestSchema,
        ServerReflectionResponseSchema,
        [
          create(ServerReflectionRequestSchema, {
            messageRequest: { case: "listServices", value: "" },
          }),
          create(ServerReflectionRequestSchema, {
            messageRequest: {
              case: "fileContainingSymbol",
              value: "orderlens.reports.v1.ReportQueryService.GetOrder",
            },
          }),
          create(ServerReflectionRequestSchema, {
            messageRequest: { case: "fileByFilename", value: "google/protobuf/timestamp.proto" },
          }),
          create(ServerReflectionRequestSchema, {
            messageRequest: { case: "fileContainingSymbol", value: "orderlens.Missing" },
          }),
        ],
      );
      expect(responses).toHaveLength(4);
      const [list, symbol, byName, missing] = responses;

      expect(list?.messageResponse.case).toBe("listServicesResponse");
      if (list?.messageResponse.case === "listServicesResponse") {
        expect(list.messageResponse.value.service.map((s) => s.name)).toContain(
          ReportQueryService.typeName,
        );
      }

      expect(symbol?.messageResponse.case).toBe("fileDescriptorResponse");
      if (symbol?.messageResponse.case === "fileDescriptorResponse") {
        const names = symbol.messageResponse.value.fileDescriptorProto.map(
          (b) => fromBinary(FileDescriptorProtoSchema, b).name,
        );
        // The file first, then its transitive imports.
        expect(names[0]).toBe(ReportQueryService.file.proto.name);
        expect(names).toContain("google/protobuf/timestamp.proto");
        expect(names).toContain("google/protobuf/duration.proto");
      }

      expect(byName?.messageResponse.case).toBe("fileDescriptorResponse");

      expect(missing?.messageResponse.case).toBe("errorResponse");
      if (missing?.messageResponse.case === "errorResponse") {
        expect(missing.messageResponse.value.errorCode).toBe(grpc.status.NOT_FOUND);
      }
    });

    it("answers v1alpha too", async () => {
      const [res] = await reflect("v1alpha", AlphaRequestSchema, AlphaResponseSchema, [
        create(AlphaRequestSchema, {
          messageRequest: { case: "fileByFilename", value: "no/such.proto" },
        }),
      ]);
      expect(res?.messageResponse.case).toBe("errorResponse");
      if (res?.messageResponse.case === "errorResponse") {
        expect(res.messageResponse.value.errorCode).toBe(grpc.status.NOT_FOUND);
      }
    });
  });
});
