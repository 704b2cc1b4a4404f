export interface DemoSettings {
  orders: number;
  products: number;
  regions: string[];
  concurrency: number;
  seed: number;
  commandAddress: string;
  queryAddress: string;
  /** A token with `orders:write` and `reports:read`, when the services run with auth on. */
  token: string | undefined;
}

/** The demo's knobs, from `DEMO_*` environment variables. */
export function loadDemoSettings(env: NodeJS.ProcessEnv): DemoSettings {
  return {
    orders: Number(env.DEMO_ORDERS ?? 20_000),
    products: Number(env.DEMO_PRODUCTS ?? 200),
    regions: (env.DEMO_REGIONS ?? "eu-west,eu-north,us-east,us-west,apac,latam").split(","),
    concurrency: Number(env.DEMO_CONCURRENCY ?? 32),
    seed: Number(env.DEMO_SEED ?? 42),
    commandAddress: env.DEMO_COMMAND ?? "localhost:50051",
    queryAddress: env.DEMO_QUERY ?? "localhost:50052",
    token: env.DEMO_TOKEN || undefined,
  };
}
