// Metadata mapping between grpc-js and the fetch Headers the handlers and interceptors see, both
// ways: request metadata in, response headers and trailers out.
import * as grpc from "@grpc/grpc-js";

/** grpc metadata -> fetch Headers, binary values base64 as in Connect and gRPC-Web. */
export function metadataToHeaders(metadata: grpc.Metadata): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(metadata.toHttp2Headers())) {
    if (values === undefined) continue;
    for (const v of Array.isArray(values) ? values : [values]) headers.append(key, String(v));
  }
  return headers;
}

// Keys grpc-js or HTTP/2 own; a handler setting them must not corrupt the response.
const reservedKeys = new Set([
  "content-type",
  "te",
  "user-agent",
  "grpc-encoding",
  "grpc-accept-encoding",
]);

export function headersToMetadata(headers: Headers): grpc.Metadata {
  const metadata = new grpc.Metadata();
  for (const [key, value] of headers) addMetadata(metadata, key, value);
  return metadata;
}

/** Adds one header; reserved keys are dropped, "-bin" values are decoded from base64. */
export function addMetadata(metadata: grpc.Metadata, key: string, value: string): void {
  if (
    reservedKeys.has(key) ||
    key.startsWith(":") ||
    key === "grpc-status" ||
    key === "grpc-message"
  )
    return;
  if (key.endsWith("-bin")) {
    for (const part of value.split(",")) metadata.add(key, Buffer.from(part.trim(), "base64"));
  } else {
    metadata.add(key, value);
  }
}
