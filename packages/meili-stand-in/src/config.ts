import { defineEnvSchema, listenVars, loggingVars, optionalStringVar } from "@orderlens/server";

/** The stand-in CLI's variables (tests start it in-process with options instead). */
export const configSchema = defineEnvSchema(
  {
    ...listenVars("MEILI", { port: 7700, host: "127.0.0.1", what: "Meilisearch's HTTP API" }),
    MEILI_MASTER_KEY: optionalStringVar({
      secret: true,
      shownDefault: "unset (everything open)",
      description: "the master key, as Meilisearch's",
    }),
    MEILI_SNAPSHOT: optionalStringVar({
      shownDefault: "unset (in memory)",
      description: "a file the indexes are kept in across restarts",
    }),
    ...loggingVars(),
  },
  (v) => ({
    port: v.MEILI_PORT,
    host: v.MEILI_HOST,
    masterKey: v.MEILI_MASTER_KEY,
    snapshotPath: v.MEILI_SNAPSHOT,
  }),
);

export function loadStandInConfig(env: NodeJS.ProcessEnv = process.env) {
  return configSchema.load(env);
}
