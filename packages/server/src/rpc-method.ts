// Turns a protobuf-es service implementation into stack-neutral methods: each RPC becomes one
// RpcFn with the interceptor chain applied, which both adapters then expose on their protocol.
import type { DescMessage, DescMethod, DescService, Message } from "@bufbuild/protobuf";
import { create, isMessage } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import { applyInterceptors, type Interceptor, type RpcCall, type RpcFn } from "./interceptors.js";
import { validRequest, validRequests } from "./request-validation.js";

/**
 * The scope each method requires. `null` makes a method (or, as default, the whole service)
 * open to unauthenticated callers. Method keys are the proto names ("GetOrder") or the
 * protobuf-es local names ("getOrder").
 */
export interface ScopeSpec {
  default: string | null;
  methods?: Record<string, string | null>;
}

export interface ServiceRegistration<S extends DescService = DescService> {
  service: S;
  impl: Partial<ServiceImpl<S>>;
  scopes: ScopeSpec;
}

/** The type-erased form, so services of different types fit in one array. */
export interface AnyServiceRegistration {
  service: DescService;
  impl: object;
  scopes: ScopeSpec;
}

/** Type-checks `impl` against `service`, then erases the type parameter. */
export function defineService<S extends DescService>(
  registration: ServiceRegistration<S>,
): AnyServiceRegistration {
  return registration;
}

export interface RpcMethod {
  readonly service: DescService;
  readonly method: DescMethod;
  /** Undefined = open. */
  readonly requiredScope: string | undefined;
  /** The handler behind the interceptor chain. */
  readonly invoke: RpcFn;
}

type AnyImpl = (request: unknown, ctx: HandlerContext) => unknown;

export function compileService(
  service: DescService,
  impl: object,
  scopes: ScopeSpec | undefined,
  interceptors: readonly Interceptor[],
  /** Check requests against their contract's field rules (see request-validation.ts). */
  validate = true,
): RpcMethod[] {
  return service.methods.map((method) => {
    // Not `??`: null (open) is a deliberate value that must not fall through to the default.
    const perMethod = scopes?.methods ?? {};
    const resolved =
      method.name in perMethod
        ? perMethod[method.name]
        : method.localName in perMethod
          ? perMethod[method.localName]
          : (scopes?.default ?? null);
    return {
      service,
      method,
      requiredScope: resolved ?? undefined,
      invoke: applyInterceptors(
        terminal(method, lookup(impl, service, method), validate),
        interceptors,
      ),
    };
  });
}

function lookup(impl: object, service: DescService, method: DescMethod): AnyImpl {
  const fn: unknown = Reflect.get(impl, method.localName);
  if (typeof fn === "function") {
    return (request, ctx) => Reflect.apply(fn, impl, [request, ctx]);
  }
  return () => {
    throw new ConnectError(
      `${service.typeName}.${method.name} is not implemented`,
      Code.Unimplemented,
    );
  };
}

/** Handlers may return init objects; the wire needs messages. */
export function toMessage(schema: DescMessage, value: unknown): Message {
  if (isMessage(value, schema)) return value;
  if (value === null || typeof value !== "object") {
    throw new Error(
      `handler returned ${value === null ? "null" : typeof value} instead of ${schema.typeName}`,
    );
  }
  return create(schema, value as Record<string, unknown>);
}

/**
 * The innermost step of every call: the request is checked against its contract's field rules
 * (after auth, logging and metrics saw the call), then the handler runs.
 */
function terminal(method: DescMethod, fn: AnyImpl, validate: boolean): RpcFn {
  const one = validate ? (m: unknown) => validRequest(method, m) : (m: unknown) => m;
  const many = validate
    ? (ms: unknown) => validRequests(method, ms as AsyncIterable<unknown>)
    : (ms: unknown) => ms;
  switch (method.methodKind) {
    case "unary":
      return async (request, call) =>
        toMessage(method.output, await fn(one(request), call.handlerContext));
    case "client_streaming":
      return async (requests, call) =>
        toMessage(method.output, await fn(many(requests), call.handlerContext));
    case "server_streaming":
      return async (request, call) => stream(method, fn(one(request), call.handlerContext), call);
    case "bidi_streaming":
      return async (requests, call) =>
        stream(method, fn(many(requests), call.handlerContext), call);
  }
}

async function stream(method: DescMethod, responses: unknown, call: RpcCall): Promise<undefined> {
  if (!isAsyncIterable(responses)) {
    throw new Error(`${method.parent.typeName}.${method.name} did not return an AsyncIterable`);
  }
  for await (const r of responses) {
    await call.send(toMessage(method.output, r));
  }
  return undefined;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}
