export { headers, protobufContentType } from "./headers.js";
export { partitionOf } from "./partition.js";
export {
  createTopology,
  declareTopology,
  defaultRetryDelaysMs,
  type Topology,
  type TopologyOptions,
} from "./topology.js";
