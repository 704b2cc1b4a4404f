// One TCP port for every protocol. Node's plaintext http2 server cannot fall back to HTTP/1.1
// (allowHTTP1 needs TLS), so we look at the first bytes ourselves: the HTTP/2 connection
// preface goes to grpc-js, anything else to the HTTP/1.1 server.
//
// Peeking uses the 'readable' event, read() and then unshift(): a flowing 'data' listener with
// pause()/resume() was tried and broke the HTTP/2 path (ARCHITECTURE.md).
import { type AddressInfo, createServer, type Server, type Socket } from "node:net";

export const HTTP2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

export type ConnectionKind = "http2" | "http1";

/** "undecided" while the bytes so far are a strict prefix of the HTTP/2 preface. */
export function classifyConnection(head: Buffer): ConnectionKind | "undecided" {
  const n = Math.min(head.length, HTTP2_PREFACE.length);
  if (head.compare(HTTP2_PREFACE, 0, n, 0, n) !== 0) return "http1";
  return head.length >= HTTP2_PREFACE.length ? "http2" : "undecided";
}

export interface OnePortListenerOptions {
  onHttp2(socket: Socket): void;
  onHttp1(socket: Socket): void;
  /** A connection that hasn't sent enough to classify within this time is closed (default 10 s). */
  firstBytesTimeoutMs?: number;
}

export interface OnePortListener {
  readonly server: Server;
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Stop accepting; resolves when every accepted connection has closed. */
  close(): Promise<void>;
  /** Connections still being classified (not yet handed to a stack). */
  readonly pendingCount: number;
  /** Drops connections that are still being classified (shutdown). */
  destroyPending(): void;
}

export function createOnePortListener(options: OnePortListenerOptions): OnePortListener {
  const timeoutMs = options.firstBytesTimeoutMs ?? 10_000;
  const pending = new Set<Socket>();

  const server = createServer((socket) => {
    socket.setNoDelay(true);
    pending.add(socket);
    routeByFirstBytes(socket, timeoutMs, {
      settled: () => pending.delete(socket),
      route: (kind) => (kind === "http2" ? options.onHttp2(socket) : options.onHttp1(socket)),
    });
  });

  return {
    server,
    listen: (port, host) => listenOn(server, port, host),
    close: () => closeServer(server),
    get pendingCount() {
      return pending.size;
    },
    destroyPending() {
      for (const s of [...pending]) s.destroy();
    },
  };
}

/**
 * Reads until the first bytes tell the protocol, gives them back and routes the socket. One that
 * ends, fails or stays silent for `timeoutMs` first is destroyed. `settled` runs once either way,
 * before the socket is routed.
 */
function routeByFirstBytes(
  socket: Socket,
  timeoutMs: number,
  on: { settled(): void; route(kind: ConnectionKind): void },
): void {
  let head: Buffer = Buffer.alloc(0);
  const cleanup = () => {
    on.settled();
    clearTimeout(timer);
    socket.off("readable", onReadable);
    socket.off("end", drop);
    socket.off("error", drop);
    socket.off("close", cleanup);
  };
  const onReadable = () => {
    for (
      let chunk = socket.read() as Buffer | null;
      chunk !== null;
      chunk = socket.read() as Buffer | null
    ) {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
    }
    const kind = classifyConnection(head);
    if (kind === "undecided") return;
    cleanup();
    // Give the bytes back so the chosen stack parses the stream from its first byte.
    socket.unshift(head);
    on.route(kind);
  };
  // Closed, failed or silent before we could tell what it is (e.g. a port scanner, or 3 bytes
  // then FIN).
  const drop = () => {
    cleanup();
    socket.destroy();
  };
  const timer = setTimeout(drop, timeoutMs);
  timer.unref();

  socket.on("readable", onReadable);
  socket.on("end", drop);
  socket.on("error", drop);
  socket.on("close", cleanup);
}

function listenOn(server: Server, port: number, host: string | undefined): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Stops accepting; resolves when every accepted connection has closed. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
  });
}
