// The new-order form's state and its translation into CreateOrder. Prices are typed in major
// units ("12.50") and become exact minor units; everything else is checked by command-svc, whose
// field violations the form shows.
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { CreateOrderRequestSchema } from "@orderlens/contracts";
import { decimalToMinor } from "../../format/money";

export interface LineDraft {
  productId: string;
  productName: string;
  quantity: string;
  unitPrice: string;
}

export interface OrderDraft {
  orderId: string;
  customerId: string;
  region: string;
  currency: string;
  lines: LineDraft[];
}

export const emptyLine: LineDraft = {
  productId: "",
  productName: "",
  quantity: "1",
  unitPrice: "",
};

export const initialDraft: OrderDraft = {
  orderId: "",
  customerId: "",
  region: "",
  currency: "EUR",
  lines: [emptyLine],
};

export type DraftResult =
  | { ok: true; request: MessageInitShape<typeof CreateOrderRequestSchema> }
  | { ok: false; problems: { field: string; description: string }[] };

/** Well-formed is enough here: which currencies are accepted is command-svc's to say. */
const isCurrency = (code: string) => /^[A-Z]{3}$/.test(code);

export function draftToRequest(draft: OrderDraft, requestId: string): DraftResult {
  const problems: { field: string; description: string }[] = [];
  const currency = draft.currency.trim().toUpperCase();
  if (!isCurrency(currency)) {
    problems.push({ field: "currency", description: "must be an ISO-4217 code such as EUR" });
  }
  const items = draft.lines.map((line, i) => {
    const unitPriceMinor = isCurrency(currency) ? decimalToMinor(line.unitPrice, currency) : 0n;
    if (unitPriceMinor === undefined) {
      problems.push({
        field: `items[${i}].unit_price`,
        description: `must be an amount such as 12.50 in ${currency}`,
      });
    }
    const quantity = Number(line.quantity);
    return {
      productId: line.productId.trim(),
      productName: line.productName.trim(),
      quantity: Number.isInteger(quantity) ? quantity : 0,
      unitPriceMinor: unitPriceMinor ?? 0n,
    };
  });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    request: {
      requestId,
      orderId: draft.orderId.trim(),
      customerId: draft.customerId.trim(),
      region: draft.region.trim(),
      currency,
      items,
    },
  };
}
