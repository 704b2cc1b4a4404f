// gRPC server reflection (v1 and v1alpha) answered from protobuf-es descriptors, so grpcurl and
// other tools can list, describe and invoke without .proto files or a second code generator.
import type { DescEnum, DescExtension, DescFile, DescMessage } from "@bufbuild/protobuf";
import { toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import { ServerReflection as ServerReflectionV1 } from "@orderlens/contracts/gen/grpc/reflection/v1/reflection_pb";
import { ServerReflection as ServerReflectionV1alpha } from "@orderlens/contracts/gen/grpc/reflection/v1alpha/reflection_pb";

import type { Interceptor } from "./interceptors.js";
import { compileService, type RpcMethod } from "./rpc-method.js";

export { ServerReflectionV1, ServerReflectionV1alpha };

/**
 * Both reflection versions over one index of `files` (and their imports). Bidi streaming, which
 * connect-node can't serve over HTTP/1.1: the gRPC side only.
 */
export function compileReflection(
  files: readonly DescFile[],
  services: readonly string[],
  chain: readonly Interceptor[],
): RpcMethod[] {
  const index = createReflectionIndex(files, services);
  return [
    ...compileService(ServerReflectionV1, createReflectionV1(index), { default: null }, chain),
    ...compileService(
      ServerReflectionV1alpha,
      createReflectionV1alpha(index),
      { default: null },
      chain,
    ),
  ];
}

/** The request oneof, identical in v1 and v1alpha. */
type ReflectionQuery =
  | { case: "fileByFilename"; value: string }
  | { case: "fileContainingSymbol"; value: string }
  | { case: "fileContainingExtension"; value: { containingType: string; extensionNumber: number } }
  | { case: "allExtensionNumbersOfType"; value: string }
  | { case: "listServices"; value: string }
  | { case: undefined; value?: undefined };

type ReflectionAnswer =
  | { case: "fileDescriptorResponse"; value: { fileDescriptorProto: Uint8Array[] } }
  | { case: "listServicesResponse"; value: { service: { name: string }[] } }
  | {
      case: "allExtensionNumbersResponse";
      value: { baseTypeName: string; extensionNumber: number[] };
    }
  | { case: "errorResponse"; value: { errorCode: number; errorMessage: string } };

const NOT_FOUND = 5;
const INVALID_ARGUMENT = 3;

export interface ReflectionIndex {
  answer(query: ReflectionQuery): ReflectionAnswer;
  readonly services: readonly string[];
}

/**
 * Indexes `files` and everything they import. `services` are the fully-qualified names that
 * list_services reports: what is actually served, not everything that happens to be described.
 */
export function createReflectionIndex(
  files: readonly DescFile[],
  services: readonly string[],
): ReflectionIndex {
  const byName = new Map<string, DescFile>();
  const bySymbol = new Map<string, DescFile>();
  const extensions: DescExtension[] = [];

  const addMessage = (m: DescMessage) => {
    bySymbol.set(m.typeName, m.file);
    for (const f of m.fields) bySymbol.set(`${m.typeName}.${f.name}`, m.file);
    for (const n of m.nestedMessages) addMessage(n);
    for (const e of m.nestedEnums) addEnum(e);
    for (const x of m.nestedExtensions) addExtension(x);
  };
  const addEnum = (e: DescEnum) => {
    bySymbol.set(e.typeName, e.file);
  };
  const addExtension = (x: DescExtension) => {
    bySymbol.set(x.typeName, x.file);
    extensions.push(x);
  };
  const addFile = (file: DescFile) => {
    const name = file.proto.name;
    if (byName.has(name)) return;
    byName.set(name, file);
    for (const dep of file.dependencies) addFile(dep);
    for (const m of file.messages) addMessage(m);
    for (const e of file.enums) addEnum(e);
    for (const x of file.extensions) addExtension(x);
    for (const s of file.services) {
      bySymbol.set(s.typeName, file);
      for (const m of s.methods) bySymbol.set(`${s.typeName}.${m.name}`, file);
    }
  };
  for (const f of files) addFile(f);

  // Serialized once: descriptors are immutable for the life of the process.
  const serialized = new Map<DescFile, Uint8Array>();
  const bytesOf = (file: DescFile) => {
    let bytes = serialized.get(file);
    if (bytes === undefined) {
      bytes = toBinary(FileDescriptorProtoSchema, file.proto);
      serialized.set(file, bytes);
    }
    return bytes;
  };
  // The file first, then its transitive imports, each once: clients resolve imports from these.
  const withDependencies = (file: DescFile): ReflectionAnswer => {
    const seen = new Set<DescFile>();
    const out: Uint8Array[] = [];
    const visit = (f: DescFile) => {
      if (seen.has(f)) return;
      seen.add(f);
      out.push(bytesOf(f));
      for (const d of f.dependencies) visit(d);
    };
    visit(file);
    return { case: "fileDescriptorResponse", value: { fileDescriptorProto: out } };
  };
  const notFound = (what: string): ReflectionAnswer => ({
    case: "errorResponse",
    value: { errorCode: NOT_FOUND, errorMessage: `${what} not found` },
  });
  const sortedServices = [...new Set(services)].sort();

  return {
    services: sortedServices,
    answer(query) {
      switch (query.case) {
        case "listServices":
          return {
            case: "listServicesResponse",
            value: { service: sortedServices.map((name) => ({ name })) },
          };
        case "fileByFilename": {
          const file = byName.get(query.value);
          return file ? withDependencies(file) : notFound(`file "${query.value}"`);
        }
        case "fileContainingSymbol": {
          const file = bySymbol.get(stripLeadingDot(query.value));
          return file ? withDependencies(file) : notFound(`symbol "${query.value}"`);
        }
        case "fileContainingExtension": {
          const { containingType, extensionNumber } = query.value;
          const ext = extensions.find(
            (x) =>
              x.extendee.typeName === stripLeadingDot(containingType) &&
              x.number === extensionNumber,
          );
          return ext
            ? withDependencies(ext.file)
            : notFound(`extension ${extensionNumber} of "${containingType}"`);
        }
        case "allExtensionNumbersOfType": {
          const type = stripLeadingDot(query.value);
          if (!bySymbol.has(type)) return notFound(`type "${query.value}"`);
          return {
            case: "allExtensionNumbersResponse",
            value: {
              baseTypeName: type,
              extensionNumber: extensions
                .filter((x) => x.extendee.typeName === type)
                .map((x) => x.number),
            },
          };
        }
        default:
          return {
            case: "errorResponse",
            value: { errorCode: INVALID_ARGUMENT, errorMessage: "empty reflection request" },
          };
      }
    },
  };
}

function stripLeadingDot(name: string): string {
  return name.startsWith(".") ? name.slice(1) : name;
}

export function createReflectionV1(index: ReflectionIndex): ServiceImpl<typeof ServerReflectionV1> {
  return {
    async *serverReflectionInfo(requests) {
      for await (const req of requests) {
        yield {
          validHost: req.host,
          originalRequest: req,
          messageResponse: index.answer(req.messageRequest),
        };
      }
    },
  };
}

export function createReflectionV1alpha(
  index: ReflectionIndex,
): ServiceImpl<typeof ServerReflectionV1alpha> {
  return {
    async *serverReflectionInfo(requests) {
      for await (const req of requests) {
        yield {
          validHost: req.host,
          originalRequest: req,
          messageResponse: index.answer(req.messageRequest),
        };
      }
    },
  };
}
