/**
 * The partition an order's events go to. FNV-1a over the UTF-8 bytes: stable across processes,
 * languages and restarts (unlike a runtime hash), cheap, and spreads short ids well enough.
 * Changing the partition count moves orders between partitions; see the README on resizing.
 */
export function partitionOf(orderId: string, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
  }
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(orderId)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}
