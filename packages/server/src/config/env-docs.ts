// What people read about a configuration, generated from its schema: the environment section
// of a CLI's --help and the README's tables.
import type { EnvSchema } from "./env-schema.js";

/** "  NAME  default  meaning" lines under "environment:", aligned. */
export function renderEnvHelp(schema: EnvSchema<unknown>): string {
  const rows = [...schema.docs].map(([name, doc]) => [
    name,
    doc.shownDefault,
    plain(doc.description),
  ]);
  const nameWidth = Math.max(...rows.map((r) => r[0]?.length ?? 0));
  const defaultWidth = Math.min(24, Math.max(...rows.map((r) => r[1]?.length ?? 0)));
  const lines = rows.map(([name = "", shown = "", meaning = ""]) => {
    const head = `  ${name.padEnd(nameWidth)}  ${shown.padEnd(defaultWidth)}`;
    // A default too long for its column (a URL) gets a line of its own.
    return shown.length > defaultWidth
      ? `  ${name.padEnd(nameWidth)}  ${shown}\n  ${" ".repeat(nameWidth + defaultWidth + 2)}  ${meaning}`
      : `${head}  ${meaning}`;
  });
  return `environment (variable, default, meaning):\n${lines.join("\n")}\n`;
}

/** A Markdown table (variable, default, meaning), padded the way the README's tables are. */
export function renderEnvTable(schema: EnvSchema<unknown>): string {
  const rows = [...schema.docs].map(([name, doc]) => [
    `\`${name}\``,
    /^(unset|empty)\b/.test(doc.shownDefault) ? doc.shownDefault : `\`${doc.shownDefault}\``,
    doc.description,
  ]);
  return markdownTable(["variable", "default", "meaning"], rows);
}

export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** Markdown code spans read as plain text in a terminal. */
const plain = (text: string): string => text.replaceAll("`", "");
