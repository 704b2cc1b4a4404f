// Money is integer minor units of one currency. It is formatted exactly (as a decimal string,
// never through a float) in that currency, and never summed across currencies.
import type { Timestamp } from "@bufbuild/protobuf/wkt";

const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormatter(currency: string, locale: string | undefined): Intl.NumberFormat {
  const key = `${locale ?? ""}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: "currency", currency });
    formatters.set(key, f);
  }
  return f;
}

/** Digits after the decimal point of a currency's minor unit (2 for EUR, 0 for JPY). */
export function minorDigits(currency: string): number {
  return currencyFormatter(currency, "en").resolvedOptions().maximumFractionDigits ?? 2;
}

/** 123456n EUR -> "1234.56": the exact decimal, for Intl and for inputs. */
export function minorToDecimal(minor: bigint, currency: string): string {
  const digits = minorDigits(currency);
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, "0");
  const decimal = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return negative ? `-${decimal}` : decimal;
}

/** "12.5" EUR -> 1250n; undefined when it is not a plain amount with at most the minor digits. */
export function decimalToMinor(value: string, currency: string): bigint | undefined {
  const digits = minorDigits(currency);
  const match = /^(\d+)(?:[.,](\d*))?$/.exec(value.trim());
  if (!match) return undefined;
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return undefined;
  return BigInt(`${match[1]}${fraction.padEnd(digits, "0")}`);
}

export function formatMoney(minor: bigint, currency: string, locale?: string): string {
  const decimal = minorToDecimal(minor, currency) as Intl.StringNumericLiteral;
  return currencyFormatter(currency, locale).format(decimal);
}

const counts = new Map<string, Intl.NumberFormat>();

export function formatCount(value: bigint | number, locale?: string): string {
  const key = locale ?? "";
  let f = counts.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale);
    counts.set(key, f);
  }
  return f.format(value);
}

/** A protobuf timestamp as "2026-06-01 12:00:05 UTC" (every time in orderlens is UTC). */
export function formatUtc(ts: Timestamp | undefined): string {
  if (!ts) return "—";
  const ms = Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000);
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** Axis ticks: "€12K". Approximate by design; exact figures are in the table beside. */
export function formatMoneyCompact(minor: number, currency: string, locale?: string): string {
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    notation: "compact",
    maximumFractionDigits: 1,
  }).format(minor / 10 ** minorDigits(currency));
}
