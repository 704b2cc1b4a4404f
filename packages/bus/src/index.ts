export {
  type AmqpConnection,
  type AmqpConnectionEvents,
  type AmqpConnectionOptions,
  type AmqpConnectionState,
  type ChannelOptions,
  createAmqpConnection,
  type ManagedChannel,
  type WaitOptions,
} from "./amqp-connection.js";
export { AmqpUnavailableError } from "./amqp-unavailable-error.js";
export { whenDrained } from "./channel-drain.js";
export { headers, protobufContentType } from "./headers.js";
export { partitionOf } from "./partition.js";
export { type ReconnectBackoff, reconnectDelayMs } from "./reconnect-delay.js";
export {
  createTopology,
  declareTopology,
  defaultRetryDelaysMs,
  type Topology,
  type TopologyOptions,
} from "./topology.js";
