// A cache key names a result by what was asked: the method, and the request's protobuf binary
// encoding. Equal requests encode to equal bytes (fields in number order, defaults omitted); two
// encodings of one meaning (a list in another order) are only two entries, never a wrong answer.
import { type DescMessage, type MessageShape, toBinary } from "@bufbuild/protobuf";

export interface KeyedMethod<I extends DescMessage> {
  readonly name: string;
  readonly parent: { readonly typeName: string };
  readonly input: I;
}

export function requestKey<I extends DescMessage>(
  method: KeyedMethod<I>,
  request: MessageShape<I>,
): string {
  const bytes = Buffer.from(toBinary(method.input, request)).toString("base64");
  return `${method.parent.typeName}/${method.name} ${bytes}`;
}
