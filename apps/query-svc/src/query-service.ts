import { createTopology } from "@orderlens/bus";
import type { GetSalesReportResponse } from "@orderlens/contracts";
import { createIndexNames, createMeiliClient } from "@orderlens/meili-indexes";
import {
  createLogger,
  createRpcServer,
  type Logger,
  type RpcServer,
  type TokenGrant,
} from "@orderlens/server";
import { createReportCache } from "./cache/report-cache.js";
import type { QueryServiceConfig } from "./config.js";
import { routes } from "./routes.js";
import { createChangeFeed } from "./watch/change-feed.js";
import { readChangeNotices } from "./watch/change-notices.js";
import { statusFeedReader } from "./watch/status-feed-reader.js";
import { createWatchers } from "./watch/watchers.js";

export interface StartOptions {
  logger?: Logger;
  tokens?: readonly TokenGrant[];
  authDisabled?: boolean;
}

export interface RunningQueryService {
  readonly port: number;
  readonly server: RpcServer;
  /** Change notices flow: watchers wait for them instead of polling. */
  readonly noticesLive: boolean;
  close(): Promise<void>;
}

/**
 * query-svc reads Meilisearch only, never MySQL, so reports never touch checkout. From RabbitMQ it
 * only hears the projector's change notices, which wake watchers and invalidate cached reports.
 */
export async function startQueryService(
  config: QueryServiceConfig,
  options: StartOptions = {},
): Promise<RunningQueryService> {
  const logger = options.logger ?? createLogger({ service: "query-svc" });
  const { meili, close: closeMeili } = createMeiliClient({
    host: config.meiliUrl,
    apiKey: config.meiliApiKey,
    timeoutMs: config.meiliTimeoutMs,
  });
  const feed = createChangeFeed({
    read: statusFeedReader(meili, createIndexNames(config.indexPrefix).projectionStatus),
    intervalMs: config.watchPollMs,
    onError: (error) => logger.warn("watch feed: reading the projection status failed", { error }),
  });
  // Stores only while notices flow: without WATCH_CHANGE_NOTICES every report is read afresh.
  const reportCache = createReportCache<GetSalesReportResponse>({
    maxEntries: config.reportCacheEntries,
  });
  const notices = config.watchChangeNotices
    ? readChangeNotices({
        amqpUrl: config.amqpUrl,
        exchange: createTopology({ prefix: config.amqpPrefix }).readModelChangesExchange,
        // The cache first: a watcher a notice wakes then reads past the entry it dropped.
        sinks: [reportCache, feed],
        logger,
      })
    : undefined;
  const watchers = createWatchers({
    feed,
    maxWatchers: config.watchMaxWatchers,
    maxUpdatesPerSecond: config.watchMaxUpdatesPerSecond,
  });
  const server = createRpcServer({
    name: "query-svc",
    logger,
    services: routes(meili, config, { watchers, reportCache }),
    ...(options.tokens ? { tokens: options.tokens } : {}),
    ...(options.authDisabled !== undefined ? { authDisabled: options.authDisabled } : {}),
    ...(config.corsOrigins ? { cors: { allowedOrigins: config.corsOrigins } } : {}),
  });
  watchers.register(server.registry);
  reportCache.register(server.registry);
  const { port } = await server.listen(config.port, config.host);
  return {
    port,
    server,
    get noticesLive() {
      return feed.live;
    },
    close: async () => {
      // Watches end first, with UNAVAILABLE, so their clients reconnect to another instance
      // instead of holding shutdown for the whole grace period.
      feed.close();
      await notices?.close();
      await server.close({ graceMs: config.shutdownGraceMs });
      closeMeili();
    },
  };
}
