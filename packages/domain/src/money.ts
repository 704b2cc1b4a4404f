/**
 * Integer money in minor units (cents, yen, fils). Amounts are plain JS numbers so that events stay
 * JSON data, which is only exact up to Number.MAX_SAFE_INTEGER: every sum and product is checked
 * with Number.isSafeInteger instead of being assumed to fit.
 *
 * Convention for the whole package: these helpers throw MoneyOverflowError (a RangeError) when a
 * result would not be exact. Validation catches it and turns it into a field violation; evolve and
 * reporting let it propagate, because there it can only mean a corrupted history.
 */

export class MoneyOverflowError extends RangeError {
  override readonly name = "MoneyOverflowError";
}

/** Largest amount that is still exact as a JS number. */
export const MAX_MINOR = Number.MAX_SAFE_INTEGER;

/** A non-negative safe integer. */
export function isMinorAmount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function requireAmount(value: number, what: string): void {
  if (!isMinorAmount(value)) {
    throw new MoneyOverflowError(`${what} is not a non-negative safe integer: ${value}`);
  }
}

/** a + b, throwing MoneyOverflowError unless inputs and result are non-negative safe integers. */
export function addMinor(a: number, b: number): number {
  requireAmount(a, "left operand");
  requireAmount(b, "right operand");
  const sum = a + b;
  // Rounding is monotonic, so a true sum above MAX_SAFE_INTEGER never rounds back into range.
  if (!Number.isSafeInteger(sum)) {
    throw new MoneyOverflowError(`${a} + ${b} exceeds Number.MAX_SAFE_INTEGER`);
  }
  return sum;
}

/** amount × factor (both non-negative safe integers), throwing MoneyOverflowError if inexact. */
export function multiplyMinor(amount: number, factor: number): number {
  requireAmount(amount, "amount");
  requireAmount(factor, "factor");
  const product = amount * factor;
  if (!Number.isSafeInteger(product)) {
    throw new MoneyOverflowError(`${amount} × ${factor} exceeds Number.MAX_SAFE_INTEGER`);
  }
  return product;
}

/** Checked sum of many amounts; 0 for none. */
export function sumMinor(amounts: Iterable<number>): number {
  let total = 0;
  for (const amount of amounts) total = addMinor(total, amount);
  return total;
}

/** Runs a checked computation and returns undefined instead of throwing on overflow. */
export function tryMinor(compute: () => number): number | undefined {
  try {
    return compute();
  } catch (error) {
    if (error instanceof MoneyOverflowError) return undefined;
    throw error;
  }
}
