// Settings every service process shares: where it listens, browser access, how long a drain may
// take, and how much it logs. Declared once here, composed into each service's schema.
import { defineEnvSchema } from "./env-schema.js";
import { choiceVar, type EnvVar, intVar, listVar, stringVar } from "./env-var.js";

/** `<PREFIX>_PORT` and `<PREFIX>_HOST`: the one listening port. */
export function listenVars<P extends string>(
  prefix: P,
  o: { port: number; host?: string; what?: string },
): Record<`${P}_PORT`, EnvVar<number>> & Record<`${P}_HOST`, EnvVar<string>> {
  const what = o.what ?? "the one listening port (gRPC, Connect, gRPC-Web, health, metrics)";
  return {
    [`${prefix}_PORT`]: intVar({ default: o.port, min: 0, max: 65535, description: what }),
    [`${prefix}_HOST`]: stringVar({
      default: o.host ?? "0.0.0.0",
      description: "the address it listens on",
    }),
  } as Record<`${P}_PORT`, EnvVar<number>> & Record<`${P}_HOST`, EnvVar<string>>;
}

export function corsVars() {
  return {
    CORS_ORIGINS: listVar({
      description: "comma-separated origins, or `*`, for browser clients (Connect, gRPC-Web)",
      shownDefault: "unset (off)",
    }),
  };
}

/** The origins a service allows: a list, every origin ("*"), or none (CORS off). */
export function corsOrigins(values: {
  CORS_ORIGINS: string[] | undefined;
}): string[] | "*" | undefined {
  return values.CORS_ORIGINS?.includes("*") ? "*" : values.CORS_ORIGINS;
}

export function shutdownVars() {
  return {
    SHUTDOWN_GRACE_MS: intVar({
      default: 10_000,
      min: 0,
      max: 600_000,
      description: "how long in-flight calls may finish on SIGTERM before they are cut",
    }),
  };
}

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

export function loggingVars() {
  return {
    LOG_LEVEL: choiceVar({
      default: "info",
      values: LOG_LEVELS,
      description: "`debug`, `info`, `warn` or `error`; logs are JSON lines on stdout",
    }),
  };
}

/** LOG_LEVEL alone: the level of a logger created without one. */
export const loggingEnv = defineEnvSchema(loggingVars(), (values) => values.LOG_LEVEL);
