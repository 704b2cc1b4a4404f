// Whether a server asks callers for bearer tokens, and which tokens it knows: from its options,
// else from the environment.
import type { TokenGrant } from "./auth.js";
import { authFromEnv } from "./config/auth-block.js";
import type { Logger } from "./logger.js";

export interface AuthMode {
  /** Development only: every method is open. */
  disabled: boolean;
  tokens: readonly TokenGrant[];
}

/**
 * The options win; only when they give neither tokens nor authDisabled does the environment
 * (ORDERLENS_TOKENS, ORDERLENS_AUTH_DISABLED) decide both.
 */
export function resolveAuthMode(options: {
  tokens?: readonly TokenGrant[];
  authDisabled?: boolean;
}): AuthMode {
  const envAuth =
    options.tokens === undefined && options.authDisabled === undefined ? authFromEnv() : undefined;
  return {
    disabled: options.authDisabled ?? envAuth?.disabled ?? false,
    tokens: options.tokens ?? envAuth?.tokens ?? [],
  };
}

/** Said at startup, loudly, when the server is open to anyone or refuses everyone. */
export function warnAboutAuthMode(logger: Logger, auth: AuthMode): void {
  if (auth.disabled) {
    logger.warn(
      "!!! AUTH IS DISABLED: every RPC is open to anyone who can reach this port. Development only. !!!",
      { authDisabled: true },
    );
  } else if (auth.tokens.length === 0) {
    logger.warn(
      "no bearer tokens configured (ORDERLENS_TOKENS): every protected RPC will be refused",
    );
  }
}
