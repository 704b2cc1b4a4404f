export type MeiliLogger = {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
};

/** Structured JSON lines on stdout, one per event. */
export const createJsonLogger = (): MeiliLogger => {
  const write = (level: string, event: string, fields?: Record<string, unknown>) =>
    process.stdout.write(
      `${JSON.stringify({ time: new Date().toISOString(), level, service: "meili-stand-in", event, ...fields })}\n`,
    );
  return { info: (e, f) => write("info", e, f), error: (e, f) => write("error", e, f) };
};

export const silentLogger: MeiliLogger = { info: () => {}, error: () => {} };
