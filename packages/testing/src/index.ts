export { type AmqpScope, createAmqpScope, defaultAmqpUrl } from "./amqp-scope.js";
export { type BenchMeili, benchMeiliEngines, startBenchMeili } from "./bench-meili.js";
export { brokerConnectionPids, closeBrokerConnection } from "./broker-connections.js";
export { type ClosedLoopResult, closedLoop, joinResults } from "./closed-loop.js";
export { getFreePort } from "./free-port.js";
export { findGoTool, findGrpcurl, grpcurl } from "./grpcurl.js";
export { packageBin } from "./package-bin.js";
export {
  measureRawOrderWrites,
  openRawOrderWriter,
  type RawOrderWriter,
  type RawOrderWritesOptions,
} from "./raw-order-writes.js";
export { rejection } from "./rejection.js";
export { type BenchRun, type BenchRunOptions, runBench } from "./run-bench.js";
export { type LatencySummary, percentile, sortAscending, summarize } from "./stats.js";
export {
  createTestDatabase,
  defaultMysqlServerUrl,
  mysqlServerUrl,
  type TestDatabase,
} from "./test-database.js";
export {
  findMeiliBinary,
  type MeiliEngine,
  meiliBinary,
  type StandInStarter,
  startRealMeili,
  startTestMeili,
  type TestMeili,
  type TestMeiliOptions,
  testMeiliEngine,
} from "./test-meili.js";
export { eventually, type WaitOptions, waitFor } from "./wait-for.js";
