// gRPC server reflection (v1 and v1alpha) answered from protobuf-es descriptors, so grpcurl and
// other tools can list, describe and invoke without .proto files or a second code generator.
import type { DescFile } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { ServerReflection as ServerReflectionV1 } from "@orderlens/contracts/gen/grpc/reflection/v1/reflection_pb";
import { ServerReflection as ServerReflectionV1alpha } from "@orderlens/contracts/gen/grpc/reflection/v1alpha/reflection_pb";

import type { Interceptor } from "./interceptors.js";
import { createReflectionIndex, type ReflectionIndex } from "./reflection-index.js";
import { compileService, type RpcMethod } from "./rpc-method.js";

export { ServerReflectionV1, ServerReflectionV1alpha };

/**
 * Both reflection versions over one index of `files` (and their imports). Bidi streaming, which
 * connect-node can't serve over HTTP/1.1: the gRPC side only.
 */
export function compileReflection(
  files: readonly DescFile[],
  services: readonly string[],
  chain: readonly Interceptor[],
): RpcMethod[] {
  const index = createReflectionIndex(files, services);
  return [
    ...compileService(ServerReflectionV1, createReflectionV1(index), { default: null }, chain),
    ...compileService(
      ServerReflectionV1alpha,
      createReflectionV1alpha(index),
      { default: null },
      chain,
    ),
  ];
}

export function createReflectionV1(index: ReflectionIndex): ServiceImpl<typeof ServerReflectionV1> {
  return {
    async *serverReflectionInfo(requests) {
      for await (const req of requests) {
        yield {
          validHost: req.host,
          originalRequest: req,
          messageResponse: index.answer(req.messageRequest),
        };
      }
    },
  };
}

export function createReflectionV1alpha(
  index: ReflectionIndex,
): ServiceImpl<typeof ServerReflectionV1alpha> {
  return {
    async *serverReflectionInfo(requests) {
      for await (const req of requests) {
        yield {
          validHost: req.host,
          originalRequest: req,
          messageResponse: index.answer(req.messageRequest),
        };
      }
    },
  };
}
