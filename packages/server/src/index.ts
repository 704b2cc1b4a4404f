export {
  ANY_SCOPE,
  type AuthConfig,
  type AuthOptions,
  type AuthSubject,
  authFromEnv,
  createAuthInterceptor,
  parseTokens,
  type ScopeResolver,
  subjectKey,
  type TokenGrant,
} from "./auth.js";
export type { ConnectAdapterOptions, NodeHandler } from "./connect-adapter.js";
export {
  ConfigError,
  envBool,
  envInt,
  envList,
  envPositiveInts,
  reportFatal,
} from "./env-config.js";
export {
  codeName,
  decodeGrpcStatus,
  encodeStatusDetails,
  type FieldViolation,
  fieldViolationsOf,
  invalidArgument,
} from "./errors.js";
export {
  createGrpcJsClient,
  type GrpcJsCallOptions,
  type GrpcJsClient,
  type GrpcJsClientOptions,
} from "./grpc-js-client.js";
export { createHealthRegistry, type HealthRegistry, ServingStatus } from "./health-service.js";
export type { CorsOptions } from "./http-endpoints.js";
export {
  applyInterceptors,
  createErrorMappingInterceptor,
  createLoggingInterceptor,
  type Interceptor,
  type LoggingOptions,
  peerKey,
  type RpcCall,
  type RpcFn,
  type RpcProtocol,
} from "./interceptors.js";
export {
  createLogger,
  type LogFields,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  parseLogLevel,
} from "./logger.js";
export { createRpcMetrics, type RpcMetrics, type RpcMetricsOptions } from "./metrics.js";
export {
  classifyConnection,
  createOnePortListener,
  HTTP2_PREFACE,
  type OnePortListener,
} from "./one-port-listener.js";
export { createReflectionIndex, type ReflectionIndex } from "./reflection-service.js";
export {
  type AnyServiceRegistration,
  defineService,
  type ScopeSpec,
  type ServiceRegistration,
} from "./rpc-method.js";
export {
  createRpcServer,
  DEFAULT_MAX_RECEIVE_BYTES,
  type RpcServer,
  type RpcServerOptions,
} from "./server.js";
export { onShutdownSignals } from "./shutdown-signals.js";
export {
  createWorkLoop,
  type StepResult,
  type WorkLoop,
  type WorkLoopOptions,
} from "./work-loop.js";
