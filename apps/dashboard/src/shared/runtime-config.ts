// What the static server tells the dashboard at run time (/config.json), so one build works
// against any deployment. It never carries a secret: tokens are typed in by the user.

export interface RuntimeConfig {
  /** Base URLs of the services as the browser reaches them (Connect over HTTP/1.1). */
  commandUrl: string;
  queryUrl: string;
  projectorUrl: string;
  /** True when the services check bearer tokens: the dashboard then asks for one. */
  authRequired: boolean;
  /** How often a live view polls while its stream is unavailable. */
  pollIntervalMs: number;
  /** How long after a failed stream a live view tries streaming again. */
  streamRetryMs: number;
}

export const defaultTimings = { pollIntervalMs: 2_000, streamRetryMs: 30_000 } as const;

function urlField(value: Record<string, unknown>, name: string): string {
  const raw = value[name];
  if (typeof raw !== "string" || !/^https?:\/\/[^\s]+$/.test(raw)) {
    throw new Error(`config.json: ${name} must be an http(s) URL, got ${JSON.stringify(raw)}`);
  }
  return raw.replace(/\/+$/, "");
}

function msField(value: Record<string, unknown>, name: keyof typeof defaultTimings): number {
  const raw = value[name] ?? defaultTimings[name];
  if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 100 || raw > 3_600_000) {
    throw new Error(`config.json: ${name} must be milliseconds in 100..3600000`);
  }
  return raw;
}

/** Checks what /config.json holds; a wrong deployment fails with a message, not a blank page. */
export function parseRuntimeConfig(value: unknown): RuntimeConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error("config.json must hold an object");
  }
  const record = value as Record<string, unknown>;
  if (typeof record.authRequired !== "boolean") {
    throw new Error("config.json: authRequired must be true or false");
  }
  return {
    commandUrl: urlField(record, "commandUrl"),
    queryUrl: urlField(record, "queryUrl"),
    projectorUrl: urlField(record, "projectorUrl"),
    authRequired: record.authRequired,
    pollIntervalMs: msField(record, "pollIntervalMs"),
    streamRetryMs: msField(record, "streamRetryMs"),
  };
}
