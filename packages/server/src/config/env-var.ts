// One environment variable: how its raw text becomes a typed value (a zod schema), its default,
// and what people are told about it (README tables, --help, the error when the value is wrong).
import { z } from "zod";

export interface EnvVarDoc {
  /** What the variable does, for the README and --help. */
  readonly description: string;
  /** The default as people read it: "50051", "unset", "empty". */
  readonly shownDefault: string;
  /** Completes "NAME must be ...". */
  readonly allowed: string;
  /** How a wrong value is quoted back: secrets are hidden, credentials in URLs masked. */
  readonly redact?: (raw: string) => string;
}

export interface EnvVar<T> extends EnvVarDoc {
  /** The raw value (unset, blank or not) to the typed one; its issues say why not. */
  readonly schema: z.ZodType<T>;
}

/** Unset and blank mean the same: the default. Values are trimmed. */
const unsetIfBlank = (raw: unknown): unknown =>
  typeof raw === "string" ? raw.trim() || undefined : raw;

function withDefault<T>(parse: z.ZodType<T>, fallback: () => T): z.ZodType<T> {
  return z
    .preprocess(unsetIfBlank, parse.optional())
    .transform((value) => (value === undefined ? fallback() : value));
}

/** A parser that may throw: its message is added to the variable's error as the detail. */
function parsing<T>(parse: (value: string) => T): z.ZodType<T> {
  return z.string().transform((value, ctx) => {
    try {
      return parse(value);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      ctx.issues.push({ code: "custom", message, input: value, params: { detail: true } });
      return z.NEVER;
    }
  });
}

interface Described {
  description: string;
}

export function intVar(
  o: Described & { default: number; min: number; max: number },
): EnvVar<number> {
  return {
    description: o.description,
    shownDefault: String(o.default),
    allowed: `an integer in ${o.min}..${o.max}`,
    schema: withDefault(z.coerce.number().int().min(o.min).max(o.max), () => o.default),
  };
}

export function boolVar(o: Described & { default: boolean }): EnvVar<boolean> {
  const truthy = ["1", "true", "yes", "on"];
  const falsy = ["0", "false", "no", "off"];
  return {
    description: o.description,
    shownDefault: String(o.default),
    allowed: "true or false",
    schema: withDefault(z.stringbool({ truthy, falsy, case: "insensitive" }), () => o.default),
  };
}

export function stringVar(
  o: Described & { default: string; shownDefault?: string; allowed?: string },
): EnvVar<string> {
  return {
    description: o.description,
    shownDefault: o.shownDefault ?? (o.default === "" ? "empty" : o.default),
    allowed: o.allowed ?? "a string",
    schema: withDefault(z.string(), () => o.default),
  };
}

/** A string matching `pattern`, e.g. characters an index name may hold. */
export function patternVar(
  o: Described & { default: string; pattern: RegExp; allowed: string },
): EnvVar<string> {
  return {
    ...stringVar(o),
    schema: withDefault(z.string().regex(o.pattern), () => o.default),
  };
}

/** Unset by default; `secret` values are never quoted back. */
export function optionalStringVar(
  o: Described & { secret?: boolean; shownDefault?: string },
): EnvVar<string | undefined> {
  return {
    description: o.description,
    shownDefault: o.shownDefault ?? "unset",
    allowed: "a string",
    ...(o.secret ? { redact: hidden } : {}),
    schema: withDefault<string | undefined>(z.string(), () => undefined),
  };
}

const hidden = (): string => "(hidden)";

/** Credentials in a URL are masked when a wrong value is quoted back. */
function maskCredentials(raw: string): string {
  return raw.replace(/\/\/([^/@:]*):[^/@]*@/, "//$1:***@");
}

/** A URL with one of `protocols` (e.g. ["mysql:"]); its credentials are never quoted back. */
export function urlVar(o: Described & { default: string; protocols: string[] }): EnvVar<string> {
  const allowed = `a ${o.protocols.map((p) => `${p}//`).join(" or ")} URL`;
  const url = z
    .string()
    .refine((value) => URL.canParse(value) && o.protocols.includes(new URL(value).protocol));
  return {
    description: o.description,
    shownDefault: o.default,
    allowed,
    redact: maskCredentials,
    schema: withDefault(url, () => o.default),
  };
}

/** Comma-separated values, trimmed, empty ones dropped; undefined when unset. */
export function listVar(o: Described & { shownDefault?: string }): EnvVar<string[] | undefined> {
  const list = z.string().transform((value) =>
    value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
  return {
    description: o.description,
    shownDefault: o.shownDefault ?? "unset",
    allowed: "comma-separated values",
    schema: withDefault<string[] | undefined>(list, () => undefined),
  };
}

/** Comma-separated positive integers, e.g. retry delays in milliseconds. */
export function positiveIntsVar(o: Described & { default: readonly number[] }): EnvVar<number[]> {
  const ints = z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
        .map(Number),
    )
    .pipe(z.array(z.number().int().min(1)));
  return {
    description: o.description,
    shownDefault: o.default.join(","),
    allowed: "comma-separated positive integers",
    schema: withDefault(ints, () => [...o.default]),
  };
}

/** One of a few words, case-insensitive. */
export function choiceVar<const V extends string>(
  o: Described & { default: V; values: readonly [V, ...V[]] },
): EnvVar<V> {
  const choice = z.string().toLowerCase().pipe(z.enum(o.values));
  return {
    description: o.description,
    shownDefault: o.default,
    allowed: `one of ${o.values.join(", ")}`,
    schema: withDefault(choice as z.ZodType<V>, () => o.default),
  };
}

/** An IANA time zone such as Europe/Berlin. */
export function timeZoneVar(o: Described & { default: string }): EnvVar<string> {
  const zone = z.string().refine((value) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: value });
      return true;
    } catch {
      return false;
    }
  });
  return {
    description: o.description,
    shownDefault: o.default,
    allowed: "an IANA time zone such as Europe/Berlin",
    schema: withDefault(zone, () => o.default),
  };
}

/** Anything else: `parse` throws with the reason when the value is wrong. */
export function parsedVar<T>(
  o: Described & {
    shownDefault: string;
    allowed: string;
    secret?: boolean;
    fallback: () => T;
    parse: (value: string) => T;
  },
): EnvVar<T> {
  return {
    description: o.description,
    shownDefault: o.shownDefault,
    allowed: o.allowed,
    ...(o.secret ? { redact: hidden } : {}),
    schema: withDefault(parsing(o.parse), o.fallback),
  };
}
