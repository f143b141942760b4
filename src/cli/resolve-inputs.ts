import type { CommandIo } from "./io.js";

/**
 * What to read: the named inputs, or stdin when none is named and stdin is a pipe
 * (`dmesg | oomsleuth`). On a terminal with nothing named we must not wait for typing: null.
 */
export function resolveInputs(names: string[], io: CommandIo): string[] | null {
  if (names.length > 0) return names;
  if (io.stdin.isTTY) return null;
  return ["-"];
}

export const NO_INPUT_MESSAGE =
  "oomsleuth: no input. Name log files or directories, or pipe a log in:\n" +
  "  dmesg | oomsleuth\n  oomsleuth /var/log/kern.log*\n(run oomsleuth --help for more)\n";

/** `--boot-time` as ms since the epoch; undefined when absent; NaN when unreadable. */
export function parseBootTime(text: string | undefined): number | null | typeof NaN {
  if (text === undefined) return null;
  const trimmed = text.trim();
  const ms = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(trimmed) ? trimmed : `${trimmed.replace(" ", "T")}Z`);
  return ms;
}

/** `--format NAME` must name an envelope; the message lists them. Null when fine. */
export function checkFormat(name: string | undefined, known: readonly string[]): string | null {
  if (name === undefined || known.includes(name)) return null;
  return `oomsleuth: --format: unknown format "${name}"; expected one of: ${known.join(", ")}\n`;
}
