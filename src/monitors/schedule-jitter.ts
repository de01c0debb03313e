/**
 * Deterministic per-monitor jitter: a monitor's offset is a hash of its id, so it is the same on every node and
 * after every restart (a monitor always fires at the same second of its slot), while a thousand monitors sharing
 * one schedule spread evenly over the jitter window instead of all firing at :00.
 */

/**
 * A well-mixed unsigned 32-bit hash of a string: FNV-1a over the UTF-16 code units, then MurmurHash3's `fmix32`
 * finalizer so ids that differ only in their last character (`mon_1`, `mon_2`) still land far apart.
 */
export function hashMonitorId(monitorId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < monitorId.length; index++) {
    hash ^= monitorId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A whole number of milliseconds in `[0, boundMs)` derived from the monitor id (0 when `boundMs` ≤ 0). */
export function jitterFromId(monitorId: string, boundMs: number): number {
  if (boundMs <= 0) return 0;
  return Math.floor((hashMonitorId(monitorId) / 2 ** 32) * boundMs);
}
