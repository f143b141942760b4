/**
 * Java HPROF header (openjdk HeapHprofBinWriter): "JAVA PROFILE 1.0.2\0" (1.0.1 in older dumps),
 * u4 identifier size, u4 high + u4 low = u8 milliseconds since the epoch, all big-endian,
 * then tagged records we never read (dumps are tens of MB).
 */

export const HPROF_MAGIC = "JAVA PROFILE 1.0.";

export interface HprofHeader {
  version: string;
  identifierSize: number;
  epochMs: number;
}

/** Null when the head is too short or not HPROF. */
export function parseHprofHeader(head: Uint8Array): HprofHeader | null {
  const nul = head.indexOf(0);
  if (nul < 0) return null;
  const version = Buffer.from(head.subarray(0, nul)).toString("latin1");
  if (!version.startsWith(HPROF_MAGIC)) return null;
  if (head.length < nul + 1 + 12) return null;
  const view = new DataView(head.buffer, head.byteOffset + nul + 1, 12);
  const identifierSize = view.getUint32(0);
  const epochMs = view.getUint32(4) * 2 ** 32 + view.getUint32(8);
  return { version, identifierSize, epochMs };
}
