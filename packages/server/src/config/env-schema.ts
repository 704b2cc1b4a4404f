// A service's configuration: the variables it reads (composed from shared blocks and its own),
// parsed together by one zod object, then shaped into the config object the service uses.
import { z } from "zod";
import { ConfigError } from "./config-error.js";
import type { EnvVar, EnvVarDoc } from "./env-var.js";

// biome-ignore lint/suspicious/noExplicitAny: a shape holds variables of any value type.
export type EnvShape = Record<string, EnvVar<any>>;
export type EnvValues<S extends EnvShape> = {
  [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never;
};

export interface EnvSchema<C> {
  /** Every variable, by name, with what people are told about it. */
  readonly docs: ReadonlyMap<string, EnvVarDoc>;
  /** The names of the variables this configuration reads. */
  readonly variables: ReadonlySet<string>;
  /** Reads `env`; every wrong variable is reported at once, in one ConfigError. */
  load(env?: NodeJS.ProcessEnv): C;
}

/**
 * `toConfig` shapes the parsed values; it may throw a ConfigError for rules between variables
 * (one variable bounded by another).
 */
export function defineEnvSchema<S extends EnvShape, C>(
  vars: S,
  toConfig: (values: EnvValues<S>) => C,
): EnvSchema<C> {
  const object = z.object(Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v.schema])));
  return {
    docs: new Map(Object.entries(vars)),
    variables: new Set(Object.keys(vars)),
    load(env = process.env) {
      const result = object.safeParse(env);
      if (!result.success) throw new ConfigError(describeIssues(vars, env, result.error.issues));
      return toConfig(result.data as EnvValues<S>);
    },
  };
}

/** "PORT must be an integer in 0..65535, got "80x"", one per wrong variable, joined by "; ". */
function describeIssues(
  vars: EnvShape,
  env: NodeJS.ProcessEnv,
  issues: readonly z.core.$ZodIssue[],
): string {
  const byName = new Map<string, string | undefined>();
  for (const issue of issues) {
    const name = String(issue.path[0]);
    const detail =
      issue.code === "custom" && issue.params?.detail === true ? issue.message : undefined;
    if (!byName.has(name) || detail !== undefined) byName.set(name, detail);
  }
  return [...byName]
    .map(([name, detail]) => {
      const v = vars[name];
      const raw = env[name] ?? "";
      const shown = JSON.stringify(v?.redact ? v.redact(raw) : raw);
      return `${name} must be ${v?.allowed ?? "valid"}${detail ? ` (${detail})` : ""}, got ${shown}`;
    })
    .join("; ");
}
