import type { Interceptor, Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import type { RuntimeConfig } from "../shared/runtime-config";

/** One Connect transport per service: each has its own origin and port. */
export interface Services {
  command: Transport;
  query: Transport;
  projector: Transport;
}

/** Reads the token per call (from sessionStorage), so signing in or out needs no new transports. */
function bearer(token: () => string | undefined): Interceptor {
  return (next) => (request) => {
    const value = token();
    if (value !== undefined) request.header.set("Authorization", `Bearer ${value}`);
    return next(request);
  };
}

export function createServices(config: RuntimeConfig, token: () => string | undefined): Services {
  const transport = (baseUrl: string) =>
    createConnectTransport({ baseUrl, useBinaryFormat: true, interceptors: [bearer(token)] });
  return {
    command: transport(config.commandUrl),
    query: transport(config.queryUrl),
    projector: transport(config.projectorUrl),
  };
}
