// The index behind server reflection: which descriptor file defines each file name, symbol and
// extension, and the answer to each kind of reflection request (identical in v1 and v1alpha).
import type { DescEnum, DescExtension, DescFile, DescMessage } from "@bufbuild/protobuf";
import { toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";

/** The request oneof, identical in v1 and v1alpha. */
export type ReflectionQuery =
  | { case: "fileByFilename"; value: string }
  | { case: "fileContainingSymbol"; value: string }
  | { case: "fileContainingExtension"; value: { containingType: string; extensionNumber: number } }
  | { case: "allExtensionNumbersOfType"; value: string }
  | { case: "listServices"; value: string }
  | { case: undefined; value?: undefined };

export type ReflectionAnswer =
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

interface SymbolTable {
  readonly byName: Map<string, DescFile>;
  readonly bySymbol: Map<string, DescFile>;
  readonly extensions: DescExtension[];
}

/**
 * Indexes `files` and everything they import. `services` are the fully-qualified names that
 * list_services reports: what is actually served, not everything that happens to be described.
 */
export function createReflectionIndex(
  files: readonly DescFile[],
  services: readonly string[],
): ReflectionIndex {
  const table: SymbolTable = { byName: new Map(), bySymbol: new Map(), extensions: [] };
  for (const f of files) addFile(table, f);
  const describe = descriptorAnswers();
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
          const file = table.byName.get(query.value);
          return file ? describe(file) : notFound(`file "${query.value}"`);
        }
        case "fileContainingSymbol": {
          const file = table.bySymbol.get(stripLeadingDot(query.value));
          return file ? describe(file) : notFound(`symbol "${query.value}"`);
        }
        case "fileContainingExtension":
          return fileContainingExtension(table, query.value, describe);
        case "allExtensionNumbersOfType":
          return allExtensionNumbers(table, query.value);
        default:
          return {
            case: "errorResponse",
            value: { errorCode: INVALID_ARGUMENT, errorMessage: "empty reflection request" },
          };
      }
    },
  };
}

function addFile(table: SymbolTable, file: DescFile): void {
  const name = file.proto.name;
  if (table.byName.has(name)) return;
  table.byName.set(name, file);
  for (const dep of file.dependencies) addFile(table, dep);
  for (const m of file.messages) addMessage(table, m);
  for (const e of file.enums) addEnum(table, e);
  for (const x of file.extensions) addExtension(table, x);
  for (const s of file.services) {
    table.bySymbol.set(s.typeName, file);
    for (const m of s.methods) table.bySymbol.set(`${s.typeName}.${m.name}`, file);
  }
}

function addMessage(table: SymbolTable, m: DescMessage): void {
  table.bySymbol.set(m.typeName, m.file);
  for (const f of m.fields) table.bySymbol.set(`${m.typeName}.${f.name}`, m.file);
  for (const n of m.nestedMessages) addMessage(table, n);
  for (const e of m.nestedEnums) addEnum(table, e);
  for (const x of m.nestedExtensions) addExtension(table, x);
}

function addEnum(table: SymbolTable, e: DescEnum): void {
  table.bySymbol.set(e.typeName, e.file);
}

function addExtension(table: SymbolTable, x: DescExtension): void {
  table.bySymbol.set(x.typeName, x.file);
  table.extensions.push(x);
}

/**
 * The file first, then its transitive imports, each once: clients resolve imports from these.
 * Each file is serialized once: descriptors are immutable for the life of the process.
 */
function descriptorAnswers(): (file: DescFile) => ReflectionAnswer {
  const serialized = new Map<DescFile, Uint8Array>();
  const bytesOf = (file: DescFile) => {
    let bytes = serialized.get(file);
    if (bytes === undefined) {
      bytes = toBinary(FileDescriptorProtoSchema, file.proto);
      serialized.set(file, bytes);
    }
    return bytes;
  };
  return (file) => {
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
}

function fileContainingExtension(
  table: SymbolTable,
  { containingType, extensionNumber }: { containingType: string; extensionNumber: number },
  describe: (file: DescFile) => ReflectionAnswer,
): ReflectionAnswer {
  const ext = table.extensions.find(
    (x) => x.extendee.typeName === stripLeadingDot(containingType) && x.number === extensionNumber,
  );
  return ext ? describe(ext.file) : notFound(`extension ${extensionNumber} of "${containingType}"`);
}

function allExtensionNumbers(table: SymbolTable, typeName: string): ReflectionAnswer {
  const type = stripLeadingDot(typeName);
  if (!table.bySymbol.has(type)) return notFound(`type "${typeName}"`);
  return {
    case: "allExtensionNumbersResponse",
    value: {
      baseTypeName: type,
      extensionNumber: table.extensions
        .filter((x) => x.extendee.typeName === type)
        .map((x) => x.number),
    },
  };
}

function notFound(what: string): ReflectionAnswer {
  return {
    case: "errorResponse",
    value: { errorCode: NOT_FOUND, errorMessage: `${what} not found` },
  };
}

function stripLeadingDot(name: string): string {
  return name.startsWith(".") ? name.slice(1) : name;
}
