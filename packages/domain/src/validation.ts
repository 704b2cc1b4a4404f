import type { LineItem, OrderCommand } from "./commands.js";
import { isCurrency } from "./currencies.js";
import { assertNever, type DomainError, type FieldViolation } from "./errors.js";
import { isMinorAmount, multiplyMinor, sumMinor, tryMinor } from "./money.js";
import { MAX_EPOCH_MS } from "./report-keys.js";

export const LIMITS = Object.freeze({
  minItems: 1,
  maxItems: 200,
  minQuantity: 1,
  maxQuantity: 10_000,
  maxIdLength: 64,
  maxRegionLength: 64,
  maxProductNameLength: 200,
  maxReasonLength: 500,
});

const ID_PATTERN = /^[A-Za-z0-9._:-]+$/;
// C0/C1 controls (including tab and newline) and unpaired surrogates, which cannot be encoded as
// UTF-8 and would break protobuf string fields downstream.
const FORBIDDEN_TEXT = /[\p{Cc}\p{Cs}]/u;

/** Length in Unicode code points, so an emoji counts once however many UTF-16 units it takes. */
function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

type Collect = (field: string, description: string) => void;

function checkId(value: unknown, field: string, add: Collect): void {
  if (typeof value !== "string" || value.length === 0) {
    add(field, "is required");
  } else if (value.length > LIMITS.maxIdLength) {
    add(field, `must be at most ${LIMITS.maxIdLength} characters`);
  } else if (!ID_PATTERN.test(value)) {
    add(field, "may contain only letters, digits and . _ : -");
  }
}

interface TextRule {
  readonly min: number;
  readonly max: number;
  readonly nonBlank: boolean;
  readonly trimmed?: boolean;
}

function checkText(value: unknown, field: string, rule: TextRule, add: Collect): void {
  if (typeof value !== "string") {
    add(field, "must be a string");
    return;
  }
  // Each code point is one or two UTF-16 units, so a string over twice the limit in units is too
  // long in code points as well: no need to walk a huge string to count them.
  const length = value.length > rule.max * 2 ? value.length : codePointLength(value);
  if (length < rule.min || (rule.nonBlank && value.trim().length === 0)) {
    add(field, "is required and must not be blank");
  } else if (length > rule.max) {
    add(field, `must be at most ${rule.max} characters`);
  } else if (FORBIDDEN_TEXT.test(value)) {
    add(field, "must not contain control characters or unpaired surrogates");
  } else if (rule.trimmed && value.trim() !== value) {
    // Region is a report grouping key: "EU " and "EU" must not become two regions.
    add(field, "must not have leading or trailing whitespace");
  }
}

function checkAt(value: unknown, add: Collect): void {
  if (
    typeof value !== "number" ||
    !Number.isSafeInteger(value) ||
    value < 0 ||
    value > MAX_EPOCH_MS
  ) {
    add("at", `must be integer epoch milliseconds between 0 and ${MAX_EPOCH_MS}`);
  }
}

/** Validates one line item; true when it is sound enough to compute its line total. */
function checkItem(item: unknown, prefix: string, add: Collect): item is LineItem {
  if (typeof item !== "object" || item === null) {
    add(prefix, "is required");
    return false;
  }
  const { productId, productName, quantity, unitPriceMinor } = item as Partial<LineItem>;
  let bad = 0;
  const count: Collect = (field, description) => {
    bad++;
    add(field, description);
  };
  checkId(productId, `${prefix}.product_id`, count);
  checkText(
    productName,
    `${prefix}.product_name`,
    { min: 1, max: LIMITS.maxProductNameLength, nonBlank: true },
    count,
  );
  const quantityOk =
    typeof quantity === "number" &&
    Number.isInteger(quantity) &&
    quantity >= LIMITS.minQuantity &&
    quantity <= LIMITS.maxQuantity;
  if (!quantityOk) {
    count(
      `${prefix}.quantity`,
      `must be an integer from ${LIMITS.minQuantity} to ${LIMITS.maxQuantity}`,
    );
  }
  if (!isMinorAmount(unitPriceMinor)) {
    count(
      `${prefix}.unit_price_minor`,
      "must be a non-negative integer no greater than Number.MAX_SAFE_INTEGER",
    );
  } else if (quantityOk && tryMinor(() => multiplyMinor(unitPriceMinor, quantity)) === undefined) {
    count(
      `${prefix}.unit_price_minor`,
      "quantity × unit_price_minor exceeds Number.MAX_SAFE_INTEGER minor units",
    );
  }
  return bad === 0;
}

function checkItems(items: unknown, add: Collect): void {
  if (!Array.isArray(items)) {
    add("items", "is required");
    return;
  }
  if (items.length < LIMITS.minItems || items.length > LIMITS.maxItems) {
    add("items", `must contain ${LIMITS.minItems} to ${LIMITS.maxItems} items`);
  }
  // Past the cap, per-item checks would only flood the error with thousands of violations.
  if (items.length > LIMITS.maxItems * 5) return;
  const firstIndexOf = new Map<string, number>();
  const lineTotals: number[] = [];
  items.forEach((item: unknown, index) => {
    const prefix = `items[${index}]`;
    const valid = checkItem(item, prefix, add);
    if (valid) lineTotals.push(multiplyMinor(item.unitPriceMinor, item.quantity));
    const productId = (item as Partial<LineItem> | null)?.productId;
    if (typeof productId === "string") {
      const first = firstIndexOf.get(productId);
      if (first === undefined) {
        firstIndexOf.set(productId, index);
      } else {
        add(
          `${prefix}.product_id`,
          `duplicates items[${first}].product_id ${JSON.stringify(productId)}`,
        );
      }
    }
  });
  if (tryMinor(() => sumMinor(lineTotals)) === undefined) {
    add("items", "order total exceeds Number.MAX_SAFE_INTEGER minor units");
  }
}

/**
 * Stateless field validation of a command: every violation at once, in field order, with protobuf
 * field paths. An empty array means the command is well-formed (it may still be refused by state).
 * Defensive about runtime types because commands are built from wire data.
 */
export function validateCommand(command: OrderCommand): readonly FieldViolation[] {
  const violations: FieldViolation[] = [];
  const add: Collect = (field, description) => {
    violations.push({ field, description });
  };
  checkId(command.orderId, "order_id", add);
  switch (command.type) {
    case "CreateOrder":
      checkId(command.customerId, "customer_id", add);
      checkText(
        command.region,
        "region",
        { min: 1, max: LIMITS.maxRegionLength, nonBlank: true, trimmed: true },
        add,
      );
      if (typeof command.currency !== "string" || !isCurrency(command.currency)) {
        add("currency", "must be an active upper-case ISO 4217 currency code");
      }
      checkItems(command.items, add);
      break;
    case "AddItem":
      checkItem(command.item, "item", add);
      break;
    case "RemoveItem":
      checkId(command.productId, "product_id", add);
      break;
    case "CompleteOrder":
      break;
    case "CancelOrder":
      checkText(
        command.reason,
        "reason",
        { min: 0, max: LIMITS.maxReasonLength, nonBlank: false },
        add,
      );
      break;
    default:
      return assertNever(command, "command");
  }
  checkAt(command.at, add);
  return violations;
}

declare const validated: unique symbol;

/** A command that passed `validateCommand`: deciding it needs no second check. */
export type ValidCommand = OrderCommand & { readonly [validated]: true };

/**
 * Validates once and brands the result, so a pipeline that validates at its entry can decide the
 * same command any number of times (retries) without validating it again.
 */
export function checkCommand(
  command: OrderCommand,
):
  | { readonly ok: true; readonly command: ValidCommand }
  | { readonly ok: false; readonly error: DomainError } {
  const violations = validateCommand(command);
  if (violations.length > 0) return { ok: false, error: { type: "ValidationFailed", violations } };
  return { ok: true, command: command as ValidCommand };
}
