// Where the backing servers are: MySQL, RabbitMQ and Meilisearch. Declared once here; services
// give their own defaults (accounts differ) and say what they need a key for.
import type { EnvVar } from "./env-var.js";
import {
  intVar,
  optionalStringVar,
  patternVar,
  positiveIntsVar,
  stringVar,
  urlVar,
} from "./env-var.js";

/** A MySQL URL variable; services name theirs (MYSQL_URL, PROJECTOR_MYSQL_URL). */
export function mysqlUrlVar(o: { default: string; description: string }): EnvVar<string> {
  return urlVar({ ...o, protocols: ["mysql:"] });
}

export function mysqlVars(o: { url: string; description: string }) {
  return { MYSQL_URL: mysqlUrlVar({ default: o.url, description: o.description }) };
}

export function mysqlPoolVars() {
  return {
    MYSQL_POOL_SIZE: intVar({ default: 20, min: 1, max: 1000, description: "connections" }),
  };
}

/** The bus: services that share queues must agree on all four (the deploy check compares them). */
export function amqpVars() {
  return {
    AMQP_URL: urlVar({
      default: "amqp://guest:guest@127.0.0.1:5672",
      protocols: ["amqp:", "amqps:"],
      description: "RabbitMQ",
    }),
    AMQP_PREFIX: stringVar({
      default: "orderlens",
      description: "prefix of every exchange and queue",
    }),
    PARTITIONS: intVar({
      default: 8,
      min: 1,
      max: 1024,
      description: "partition queues (changing it on a live system needs a new prefix)",
    }),
    RETRY_DELAYS_MS: positiveIntsVar({
      default: [1_000, 10_000, 60_000],
      description: "retry tiers (delays in ms) declared for the projector's failed messages",
    }),
  };
}

export function amqpSettings(values: {
  AMQP_URL: string;
  AMQP_PREFIX: string;
  PARTITIONS: number;
  RETRY_DELAYS_MS: number[];
}) {
  return {
    amqpUrl: values.AMQP_URL,
    amqpPrefix: values.AMQP_PREFIX,
    partitions: values.PARTITIONS,
    retryDelaysMs: values.RETRY_DELAYS_MS,
  };
}

/** `keyActions`: the Meilisearch actions this service's key needs. */
export function meiliVars(o: { keyActions: string; prefix: string }) {
  return {
    MEILI_URL: urlVar({
      default: "http://127.0.0.1:7700",
      protocols: ["http:", "https:"],
      description: "Meilisearch",
    }),
    MEILI_API_KEY: optionalStringVar({
      secret: true,
      description: `a key with actions ${o.keyActions}`,
    }),
    MEILI_MASTER_KEY: optionalStringVar({
      secret: true,
      description: "used when `MEILI_API_KEY` is unset (development)",
    }),
    MEILI_INDEX_PREFIX: patternVar({
      default: "",
      pattern: /^[A-Za-z0-9_-]*$/,
      allowed: "letters, digits, - and _ (part of index names)",
      description: o.prefix,
    }),
  };
}

export function meiliSettings(values: {
  MEILI_URL: string;
  MEILI_API_KEY: string | undefined;
  MEILI_MASTER_KEY: string | undefined;
  MEILI_INDEX_PREFIX: string;
}) {
  return {
    meiliUrl: values.MEILI_URL,
    meiliApiKey: values.MEILI_API_KEY ?? values.MEILI_MASTER_KEY,
    indexPrefix: values.MEILI_INDEX_PREFIX,
  };
}
