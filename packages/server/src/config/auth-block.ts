// Who may call: bearer tokens with scopes, or (development only) nobody is asked.
import { type AuthConfig, parseTokens } from "../auth.js";
import { defineEnvSchema } from "./env-schema.js";
import { boolVar, parsedVar } from "./env-var.js";

/** `needs` says which scope this service's methods require, e.g. "commands need `orders:write`". */
export function authVars(o: { needs?: string } = {}) {
  return {
    ORDERLENS_TOKENS: parsedVar({
      description: `\`subject:token=scope,scope;...\`${o.needs ? `; ${o.needs}` : ""}`,
      shownDefault: "unset",
      allowed: '"[subject:]token=scope,scope" entries separated by ";"',
      secret: true,
      fallback: () => [],
      parse: parseTokens,
    }),
    ORDERLENS_AUTH_DISABLED: boolVar({
      default: false,
      description:
        "development only, logged loudly: every method open (`npm start` sets it when no tokens are given)",
    }),
  };
}

export function authSettings(values: {
  ORDERLENS_TOKENS: AuthConfig["tokens"];
  ORDERLENS_AUTH_DISABLED: boolean;
}): AuthConfig {
  return { tokens: values.ORDERLENS_TOKENS, disabled: values.ORDERLENS_AUTH_DISABLED };
}

const authEnv = defineEnvSchema(authVars(), authSettings);

/** ORDERLENS_TOKENS (see parseTokens) and ORDERLENS_AUTH_DISABLED (development only). */
export function authFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return authEnv.load(env);
}
