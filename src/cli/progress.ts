import type { Progress } from "../pipeline/parse-logs.js";
import type { CommandIo } from "./io.js";

/**
 * One status line on stderr for long scans, redrawn at most ten times a second: the bytes read of all inputs, and
 * with several inputs how many are done, then the file last heard of (several are read at once, overlapped-scan.ts).
 * Only when stderr is a terminal: never on a pipe or in a log file.
 */
export function createProgress(io: CommandIo, enabled: boolean) {
  const active = enabled && Boolean(io.stderr.isTTY);
  let last = 0;
  let shown = false;
  /** Raw bytes read of each input heard of, and how many of them are read to their size. */
  const read = new Map<number, number>();
  let readTotal = 0;
  const done = new Set<number>();
  return {
    update(p: Progress): void {
      if (!active) return;
      readTotal += p.rawBytes - (read.get(p.index) ?? 0);
      read.set(p.index, p.rawBytes);
      if (p.input.size !== null && p.rawBytes >= p.input.size) done.add(p.index);
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const files = p.total > 1 ? `[${done.size}/${p.total} done] ` : "";
      const of = p.totalBytes ? ` of ${mib(p.totalBytes)}` : "";
      const counts = `${files}${mib(readTotal)}${of}  `;
      const width = io.stderr.columns || 80; // 0 when the terminal does not say (`script`)
      io.stderr.write(`\r\x1b[K${(counts + elideLeft(p.input.path, width - 1 - counts.length)).slice(0, width - 1)}`);
      shown = true;
    },
    done(): void {
      if (shown) io.stderr.write("\r\x1b[K");
      shown = false;
    },
  };
}

/** Long paths lose their start, not their end: the file name is what tells the user where the scan is. */
function elideLeft(text: string, room: number): string {
  if (text.length <= room) return text;
  return room > 1 ? `…${text.slice(text.length - room + 1)}` : "";
}

function mib(bytes: number): string {
  return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
}
