import type { CommandIo } from "./io.js";

/**
 * One status line on stderr for long scans (files and bytes done, current file), redrawn at most
 * ten times a second. Only when stderr is a terminal: never on a pipe or in a log file.
 */
export function createProgress(io: CommandIo, enabled: boolean) {
  const active = enabled && Boolean(io.stderr.isTTY);
  let last = 0;
  let shown = false;
  return {
    update(p: { input: { path: string; size: number | null }; index: number; total: number; rawBytes: number }): void {
      if (!active) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const size = p.input.size ? ` of ${mib(p.input.size)}` : "";
      const counts = `[${p.index + 1}/${p.total}] ${mib(p.rawBytes)}${size}  `;
      const width = io.stderr.columns ?? 80;
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
