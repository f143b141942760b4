/**
 * True when the start of a (decompressed) file is not text: a NUL byte, or mostly control bytes.
 * Used to skip binaries met in a directory scan (heap snapshots, core files, journals) with a warning
 * instead of scanning them as logs.
 */
export function looksBinary(head: Buffer): boolean {
  const n = Math.min(head.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return n > 0 && control / n > 0.1;
}
