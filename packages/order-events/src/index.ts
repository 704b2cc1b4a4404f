export {
  decodeEnvelope,
  encodeEnvelope,
  payloadFromJson,
  payloadToJson,
} from "./envelope-codec.js";
export { domainEventType, eventTypeName } from "./event-types.js";
export { payloadFromWire, payloadToWire, type WirePayload } from "./payload-codec.js";
export type { EventMetadata, StoredEvent } from "./stored-event.js";
export { EventDecodeError } from "./wire-values.js";
