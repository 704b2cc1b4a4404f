import { randomUUID } from "node:crypto";

/**
 * UUID version 7 (RFC 9562): time-ordered, so event ids inserted together sit together in the
 * unique index instead of scattering random pages like v4 does. The random bits come from
 * randomUUID, whose entropy is pooled (cheaper than a randomBytes call per id).
 */
export function uuidV7(now = Date.now()): string {
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx, variant bits already set
  const time = now.toString(16).padStart(12, "0").slice(-12);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}
