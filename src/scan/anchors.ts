/**
 * The byte prefilter does not search every trigger string: it looks, in one pass, for a few short "anchors"
 * that together occur in every trigger, and confirms the full strings only on the (rare) lines holding one.
 * An anchor is tested at three byte offsets (first, second, last byte), which a SIMD compare does for 16
 * positions at once; a false positive only costs a confirmation. Bytes are latin1 (needles are ASCII).
 */
export interface Anchor {
  text: string;
  /** Three (offset, byte) pairs that must all match at a position for it to be a candidate. */
  probes: Array<[offset: number, byte: number]>;
}

/**
 * Preferred anchors: rare in ordinary syslog, and together they cover the kernel and userspace triggers
 * (grammars/oom/triggers.ts, src/userspace/userspace-kill.ts). A trigger that contains none of them gets
 * an anchor of its own (see anchorsFor), so a new trigger is never missed, only searched a little slower.
 */
const PREFERRED = ["oom", "Kill", "kill", "emory", "Linux version", "due to swap", "sending SIG"];

function probesOf(text: string): Array<[number, number]> {
  const last = text.length - 1;
  const second = Math.min(1, last);
  return [[0, text.charCodeAt(0) & 0xff], [second, text.charCodeAt(second) & 0xff], [last, text.charCodeAt(last) & 0xff]];
}

/** The anchors that cover `needles`: preferred ones first, the needle itself when none fits. */
export function anchorsFor(needles: string[]): Anchor[] {
  const chosen: string[] = [];
  for (const needle of needles) {
    if (chosen.some((a) => needle.includes(a))) continue;
    const preferred = PREFERRED.find((a) => needle.includes(a));
    const text = preferred ?? needle;
    if (text.length > 0) chosen.push(text);
  }
  // Keep a stable order so the same needles build the same module.
  chosen.sort();
  return chosen.map((text) => ({ text, probes: probesOf(text) }));
}
