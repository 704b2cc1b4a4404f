// The two interceptor chains of a server: one for application services (authenticated), one for
// probes and tooling (health, reflection), which must answer without a token.
import { createAuthInterceptor } from "./auth.js";
import type { AuthMode } from "./auth-mode.js";
import {
  createErrorMappingInterceptor,
  createLoggingInterceptor,
  type Interceptor,
} from "./interceptors.js";
import type { Logger } from "./logger.js";
import type { RpcMethod } from "./rpc-method.js";

export interface InterceptorChains {
  /** Logging, metrics, error mapping, auth (unless disabled), then the caller's own. */
  readonly app: readonly Interceptor[];
  /** Logging (successes at debug), metrics and error mapping; never authenticated. */
  readonly system: readonly Interceptor[];
  /**
   * Tells auth the scope each compiled application method requires. The chain exists before the
   * methods do (compiling a method wraps it in the chain), hence this second step.
   */
  requireScopes(methods: readonly RpcMethod[]): void;
}

export interface InterceptorChainsOptions {
  logger: Logger;
  /** The server's metrics interceptor, shared by both chains. */
  metrics: Interceptor;
  auth: AuthMode;
  /** Run innermost, after auth, just before the handler. */
  extra?: readonly Interceptor[];
}

export function createInterceptorChains({
  logger,
  metrics,
  auth,
  extra = [],
}: InterceptorChainsOptions): InterceptorChains {
  const scopes = new Map<string, string | undefined>();
  const authChain = auth.disabled
    ? []
    : [
        createAuthInterceptor({
          tokens: auth.tokens,
          requiredScope: (service, method) => scopes.get(`${service.typeName}/${method.name}`),
        }),
      ];
  return {
    app: [
      createLoggingInterceptor(logger),
      metrics,
      createErrorMappingInterceptor(logger),
      ...authChain,
      ...extra,
    ],
    system: [
      createLoggingInterceptor(logger, { successLevel: "debug" }),
      metrics,
      createErrorMappingInterceptor(logger),
    ],
    requireScopes(methods) {
      for (const m of methods)
        scopes.set(`${m.service.typeName}/${m.method.name}`, m.requiredScope);
    },
  };
}
