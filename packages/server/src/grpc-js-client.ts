// A typed promise client over @grpc/grpc-js with protobuf-es serializers, for other packages'
// tests and benchmarks. Failures are ConnectErrors (code, message, decoded details), the same
// shape Connect clients produce, so assertions don't care which protocol was used.
import type {
  DescMessage,
  DescMethodServerStreaming,
  DescMethodUnary,
  DescService,
  Message,
  MessageInitShape,
  MessageShape,
} from "@bufbuild/protobuf";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import * as grpc from "@grpc/grpc-js";
import { decodeGrpcStatus } from "./errors.js";
import { metadataToHeaders } from "./grpc-js-metadata.js";

export interface GrpcJsCallOptions {
  /** Deadline relative to now. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Extra request metadata; overrides the client's token if it sets "authorization". */
  headers?: Record<string, string>;
}

export type GrpcJsClient<S extends DescService> = {
  [K in keyof S["method"]]: S["method"][K] extends DescMethodUnary<infer I, infer O>
    ? (request: MessageInitShape<I>, options?: GrpcJsCallOptions) => Promise<MessageShape<O>>
    : S["method"][K] extends DescMethodServerStreaming<infer I, infer O>
      ? (
          request: MessageInitShape<I>,
          options?: GrpcJsCallOptions,
        ) => AsyncIterable<MessageShape<O>>
      : never;
} & {
  /** The underlying grpc-js client (one channel), e.g. for waitForReady. */
  readonly grpcClient: grpc.Client;
  close(): void;
};

export interface GrpcJsClientOptions {
  /** Sent as "authorization: Bearer <token>" on every call. */
  token?: string;
  /** grpc-js channel options, e.g. { "grpc.max_send_message_length": -1 }. */
  channelOptions?: grpc.ChannelOptions;
}

/** `address` is "host:port" (plaintext h2c). */
export function createGrpcJsClient<S extends DescService>(
  service: S,
  address: string,
  options: GrpcJsClientOptions = {},
): GrpcJsClient<S> {
  const client = new grpc.Client(
    address,
    grpc.credentials.createInsecure(),
    options.channelOptions,
  );
  const methods: Record<string, unknown> = {};
  for (const method of service.methods) {
    const path = `/${service.typeName}/${method.name}`;
    const serialize = (value: Message) => {
      const bytes = toBinary(method.input, value);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    };
    const deserialize = (bytes: Buffer): Message => fromBinary(method.output, bytes);
    if (method.methodKind === "unary") {
      methods[method.localName] = (
        request: MessageInitShape<DescMessage>,
        callOptions: GrpcJsCallOptions = {},
      ) =>
        new Promise<Message>((resolve, reject) => {
          const call = client.makeUnaryRequest(
            path,
            serialize,
            deserialize,
            create(method.input, request),
            buildMetadata(options.token, callOptions.headers),
            buildCallOptions(callOptions),
            (err, response) => {
              callOptions.signal?.removeEventListener("abort", onAbort);
              if (err) reject(toConnectError(err));
              else if (response === undefined)
                reject(new ConnectError("empty response", Code.Internal));
              else resolve(response);
            },
          );
          const onAbort = () => call.cancel();
          callOptions.signal?.addEventListener("abort", onAbort, { once: true });
        });
    } else if (method.methodKind === "server_streaming") {
      methods[method.localName] = (
        request: MessageInitShape<DescMessage>,
        callOptions: GrpcJsCallOptions = {},
      ) =>
        serverStream(
          client,
          path,
          serialize,
          deserialize,
          create(method.input, request),
          options,
          callOptions,
        );
    }
  }
  return Object.assign(methods, {
    grpcClient: client,
    close: () => client.close(),
  }) as GrpcJsClient<S>;
}

async function* serverStream(
  client: grpc.Client,
  path: string,
  serialize: (value: Message) => Buffer,
  deserialize: (bytes: Buffer) => Message,
  request: Message,
  options: GrpcJsClientOptions,
  callOptions: GrpcJsCallOptions,
): AsyncGenerator<Message> {
  const call = client.makeServerStreamRequest(
    path,
    serialize,
    deserialize,
    request,
    buildMetadata(options.token, callOptions.headers),
    buildCallOptions(callOptions),
  );
  const onAbort = () => call.cancel();
  callOptions.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const message of call) yield message as Message;
  } catch (err) {
    throw isServiceError(err) ? toConnectError(err) : err;
  } finally {
    callOptions.signal?.removeEventListener("abort", onAbort);
    // Leaving the loop early (break) must end the call on the server too.
    call.cancel();
  }
}

function buildMetadata(
  token: string | undefined,
  headers: Record<string, string> | undefined,
): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (token !== undefined) metadata.set("authorization", `Bearer ${token}`);
  for (const [k, v] of Object.entries(headers ?? {})) metadata.set(k.toLowerCase(), v);
  return metadata;
}

function buildCallOptions(options: GrpcJsCallOptions): grpc.CallOptions {
  return options.timeoutMs === undefined ? {} : { deadline: Date.now() + options.timeoutMs };
}

function isServiceError(err: unknown): err is grpc.ServiceError {
  return err instanceof Error && "code" in err && "metadata" in err;
}

function toConnectError(err: grpc.ServiceError): ConnectError {
  const bin = err.metadata?.get("grpc-status-details-bin")[0];
  return decodeGrpcStatus(
    err.code,
    err.details,
    bin instanceof Buffer ? bin : undefined,
    err.metadata ? metadataToHeaders(err.metadata) : undefined,
  );
}
