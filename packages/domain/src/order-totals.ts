import type { LineItem } from "./commands.js";
import { multiplyMinor, sumMinor } from "./money.js";

/** quantity × unitPriceMinor; throws MoneyOverflowError if it is not an exact safe integer. */
export function lineTotal(item: Pick<LineItem, "quantity" | "unitPriceMinor">): number {
  return multiplyMinor(item.unitPriceMinor, item.quantity);
}

/** Sum of the line totals; throws MoneyOverflowError on overflow. */
export function orderTotal(
  items: readonly Pick<LineItem, "quantity" | "unitPriceMinor">[],
): number {
  return sumMinor(items.map(lineTotal));
}
