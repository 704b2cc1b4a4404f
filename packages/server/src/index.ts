export {
  ANY_SCOPE,
  type AuthConfig,
  type AuthOptions,
  type AuthSubject,
  createAuthInterceptor,
  parseTokens,
  type ScopeResolver,
  subjectKey,
  type TokenGrant,
} from "./auth.js";
export { authFromEnv, authSettings, authVars } from "./config/auth-block.js";
export { ConfigError, reportFatal } from "./config/config-error.js";
export {
  amqpSettings,
  amqpVars,
  meiliSettings,
  meiliVars,
  mysqlPoolVars,
  mysqlUrlVar,
  mysqlVars,
} from "./config/connection-blocks.js";
export { markdownTable, renderEnvHelp, renderEnvTable } from "./config/env-docs.js";
export {
  defineEnvSchema,
  type EnvSchema,
  type EnvShape,
  type EnvValues,
} from "./config/env-schema.js";
export {
  boolVar,
  choiceVar,
  type EnvVar,
  type EnvVarDoc,
  intVar,
  listVar,
  optionalStringVar,
  parsedVar,
  patternVar,
  positiveIntsVar,
  stringVar,
  timeZoneVar,
  urlVar,
} from "./config/env-var.js";
export { serviceVars } from "./config/service-vars.js";
export {
  corsOrigins,
  corsVars,
  LOG_LEVELS,
  listenVars,
  loggingEnv,
  loggingVars,
  shutdownVars,
} from "./config/serving-blocks.js";
export type { ConnectAdapterOptions, NodeHandler } from "./connect-adapter.js";
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
  silentLogger,
} from "./logger.js";
export { createRpcMetrics, type RpcMetrics, type RpcMetricsOptions } from "./metrics.js";
export {
  classifyConnection,
  createOnePortListener,
  HTTP2_PREFACE,
  type OnePortListener,
} from "./one-port-listener.js";
export { createReflectionIndex, type ReflectionIndex } from "./reflection-index.js";
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
