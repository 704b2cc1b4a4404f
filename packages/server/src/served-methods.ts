// Every method a server answers, compiled once behind its interceptor chain: the application's
// services, grpc.health.v1, and server reflection describing them.
import type { DescFile } from "@bufbuild/protobuf";
import { file_google_rpc_error_details, Health } from "@orderlens/contracts";
import type { HealthRegistry } from "./health-service.js";
import type { InterceptorChains } from "./interceptor-chains.js";
import {
  compileReflection,
  ServerReflectionV1,
  ServerReflectionV1alpha,
} from "./reflection-service.js";
import { type AnyServiceRegistration, compileService, type RpcMethod } from "./rpc-method.js";

export interface ServedMethods {
  readonly app: readonly RpcMethod[];
  readonly health: readonly RpcMethod[];
  /** Bidi streaming, which HTTP/1.1 cannot carry: for the gRPC side only. */
  readonly reflection: readonly RpcMethod[];
  /** The services served over gRPC, as reflection lists them. */
  readonly grpcServiceNames: readonly string[];
}

export interface ServedMethodsOptions {
  services: readonly AnyServiceRegistration[];
  /** Check requests against their contract's field rules (default true). */
  validateRequests?: boolean;
  /** Additional files reflection can describe. */
  reflectionFiles?: readonly DescFile[];
}

export function compileServedMethods(
  options: ServedMethodsOptions,
  health: HealthRegistry,
  chains: InterceptorChains,
): ServedMethods {
  const validate = options.validateRequests ?? true;
  const app = options.services.flatMap((reg) =>
    compileService(reg.service, reg.impl, reg.scopes, chains.app, validate),
  );
  const grpcServiceNames = [
    ...options.services.map((r) => r.service.typeName),
    Health.typeName,
    ServerReflectionV1.typeName,
    ServerReflectionV1alpha.typeName,
  ];
  const described = [
    ...options.services.map((r) => r.service.file),
    Health.file,
    ServerReflectionV1.file,
    ServerReflectionV1alpha.file,
    // Error details travel as Any; tools like grpcurl resolve their type through reflection.
    file_google_rpc_error_details,
    ...(options.reflectionFiles ?? []),
  ];
  return {
    app,
    health: compileService(Health, health.impl, { default: null }, chains.system),
    reflection: compileReflection(described, grpcServiceNames, chains.system),
    grpcServiceNames,
  };
}
