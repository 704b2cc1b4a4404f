// Bearer-token auth with per-method scopes. Tokens come from configuration (env), not a
// database: the services are internal and the token set is small and changes with deploys.
import { createHash, timingSafeEqual } from "node:crypto";
import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createContextKey } from "@connectrpc/connect";
import type { Interceptor } from "./interceptors.js";

export interface TokenGrant {
  /** Who the token belongs to; shows up in handlers (subjectKey) and logs, never the token. */
  subject: string;
  token: string;
  scopes: readonly string[];
}

export interface AuthSubject {
  subject: string;
  scopes: ReadonlySet<string>;
}

/** The authenticated caller, set by the auth interceptor: `ctx.values.get(subjectKey)`. */
export const subjectKey = createContextKey<AuthSubject | undefined>(undefined, {
  description: "authenticated subject",
});

/** A scope that grants every scope. */
export const ANY_SCOPE = "*";

/**
 * Parses `ORDERLENS_TOKENS`-style configuration: entries separated by ";" (or newlines), each
 * `[subject:]token=scope,scope`. Without a subject, one is derived from a hash of the token so
 * logs can tell callers apart without ever printing the secret.
 *
 *   writer-token=orders:write;reader-token=reports:read;ops:ops-token=admin,orders:write
 */
export function parseTokens(value: string | undefined): TokenGrant[] {
  if (!value) return [];
  const grants: TokenGrant[] = [];
  for (const raw of value.split(/[;\n]/)) {
    const entry = raw.trim();
    if (entry === "") continue;
    const eq = entry.indexOf("=");
    if (eq <= 0)
      throw new Error(
        `invalid token entry (expected [subject:]token=scopes): #${grants.length + 1}`,
      );
    const left = entry.slice(0, eq).trim();
    const scopes = entry
      .slice(eq + 1)
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    const colon = left.indexOf(":");
    const subject =
      colon > 0 ? left.slice(0, colon) : `token-${sha256(left).toString("hex").slice(0, 8)}`;
    const token = colon > 0 ? left.slice(colon + 1) : left;
    if (token === "") throw new Error(`invalid token entry (empty token): #${grants.length + 1}`);
    grants.push({ subject, token, scopes });
  }
  return grants;
}

/** Which scope a method needs; undefined = open to everyone (health, reflection). */
export type ScopeResolver = (service: DescService, method: DescMethod) => string | undefined;

export interface AuthOptions {
  tokens: readonly TokenGrant[];
  requiredScope: ScopeResolver;
}

/**
 * UNAUTHENTICATED when the bearer token is missing or unknown, PERMISSION_DENIED when it lacks
 * the method's scope. Tokens are compared as SHA-256 digests with timingSafeEqual, and every
 * configured token is compared, so neither the match position nor the length leaks.
 */
export function createAuthInterceptor(options: AuthOptions): Interceptor {
  const known = options.tokens.map((g) => ({
    digest: sha256(g.token),
    subject: { subject: g.subject, scopes: new Set(g.scopes) } satisfies AuthSubject,
  }));
  const authenticate = (token: string): AuthSubject | undefined => {
    const digest = sha256(token);
    let found: AuthSubject | undefined;
    for (const k of known) {
      if (timingSafeEqual(k.digest, digest) && found === undefined) found = k.subject;
    }
    return found;
  };
  return (next) => async (request, call) => {
    const scope = options.requiredScope(call.service, call.method);
    if (scope === undefined) return next(request, call);
    const token = bearerToken(call.requestHeader.get("authorization"));
    if (token === undefined) {
      throw new ConnectError("missing bearer token", Code.Unauthenticated);
    }
    const subject = authenticate(token);
    if (subject === undefined) {
      throw new ConnectError("invalid bearer token", Code.Unauthenticated);
    }
    if (!subject.scopes.has(scope) && !subject.scopes.has(ANY_SCOPE)) {
      throw new ConnectError(`scope "${scope}" required`, Code.PermissionDenied);
    }
    call.values.set(subjectKey, subject);
    return next(request, call);
  };
}

function bearerToken(header: string | null): string | undefined {
  if (header === null) return undefined;
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

export interface AuthConfig {
  tokens: TokenGrant[];
  disabled: boolean;
}
