import type { Spread } from "./report-types.js";

/** min / median / max of the values; null for none. The median of an even count is the mean of the middle two. */
export function spread(values: number[]): Spread | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { min: s[0], median, max: s[s.length - 1] };
}

/** Rounds to milliseconds: differences of printk times carry float noise (4719.899985 - 4704.430226). */
export function roundMs(x: number): number {
  return Math.round(x * 1000) / 1000;
}
