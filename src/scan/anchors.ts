/**
 * The byte prefilter does not search every trigger string: it looks, in one pass, for a few three-byte
 * "anchors" that together occur in every trigger, and confirms the full strings only on the (rare) lines
 * holding one. Bytes are latin1 (needles are ASCII).
 *
 * Three bytes because the SIMD kernel tests them with nibble lookup tables (scan-module.ts): each anchor owns
 * one bit ("bucket") of an 8-bit lane, and a position is a candidate when, for k = 0, 1, 2, the byte at +k
 * has the anchor's k-th byte. Eight anchors fit exactly; more share buckets (more false candidates, none missed).
 */
export const ANCHOR_BYTES = 3;
export const BUCKETS = 8;

export interface Anchor {
  /** ANCHOR_BYTES bytes, or the whole needle when it is shorter. */
  text: string;
  /** Its bit in the lookup tables. */
  bucket: number;
}

/**
 * Preferred anchors: rare in ordinary syslog (no common English word holds "x v", "adl" or "oom"), and together
 * they cover the kernel and userspace triggers (grammars/oom/triggers.ts, src/userspace/userspace-kill.ts):
 * "oom" the header, summary, reaper and panic lines; "Kil"/"kil" the victim lines; "Mem" 2.6's "Out of Memory:";
 * "adl" "deadlocked on memory"; "x v" "Linux version"; "due" systemd-oomd; "SIG" earlyoom. A trigger that holds
 * none of them gets an anchor of its own (see anchorsFor), so a new trigger is never missed.
 */
const PREFERRED = ["oom", "Kil", "kil", "Mem", "adl", "x v", "due", "SIG"];

/** The anchors that cover `needles`: preferred ones first, the needle's first bytes when none fits. */
export function anchorsFor(needles: string[]): Anchor[] {
  const chosen: string[] = [];
  for (const needle of needles) {
    if (chosen.some((a) => needle.includes(a))) continue;
    const text = PREFERRED.find((a) => needle.includes(a)) ?? needle.slice(0, ANCHOR_BYTES);
    if (text.length > 0) chosen.push(text);
  }
  // Keep a stable order so the same needles build the same module.
  chosen.sort();
  return chosen.map((text, i) => ({ text, bucket: i % BUCKETS }));
}

/**
 * The lookup tables: for each k < ANCHOR_BYTES, 16 bytes indexed by a byte's low nibble and 16 by its high
 * nibble; bit b is set where some anchor of bucket b has that nibble at k (every entry when it is shorter).
 * A byte passes for bucket b at k when both of its nibbles' entries hold bit b: with one anchor per bucket that
 * is exactly the anchor's byte.
 */
export function nibbleTables(anchors: Anchor[]): Array<{ low: Uint8Array; high: Uint8Array }> {
  return Array.from({ length: ANCHOR_BYTES }, (_, k) => {
    const low = new Uint8Array(16);
    const high = new Uint8Array(16);
    for (const a of anchors) {
      const bit = 1 << a.bucket;
      if (k >= a.text.length) {
        for (let i = 0; i < 16; i++) {
          low[i] |= bit;
          high[i] |= bit;
        }
        continue;
      }
      const byte = a.text.charCodeAt(k) & 0xff;
      low[byte & 15] |= bit;
      high[byte >> 4] |= bit;
    }
    return { low, high };
  });
}
