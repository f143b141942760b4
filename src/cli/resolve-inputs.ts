import type { InputOptions } from "../cli.js";
import { FORMAT_NAMES } from "../../grammars/envelope/index.js";
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

/**
 * Checks what parse and report share (inputs, --format, --boot-time). Returns the inputs and boot
 * time, or a usage message for stderr (exit 2). `allowNone`: report --events needs no log input.
 */
export function prepareInputs(
  names: string[],
  opts: InputOptions,
  io: CommandIo,
  allowNone = false,
): { inputs: string[]; bootTimeMs: number | null } | { usage: string } {
  const inputs = allowNone && names.length === 0 ? [] : resolveInputs(names, io);
  if (!inputs) return { usage: NO_INPUT_MESSAGE };
  const badFormat = checkFormat(opts.format, FORMAT_NAMES);
  if (badFormat) return { usage: badFormat };
  const bootTimeMs = parseBootTime(opts.bootTime);
  if (Number.isNaN(bootTimeMs)) {
    return { usage: `oomsleuth: --boot-time: cannot read "${opts.bootTime}" as a date (expected ISO 8601, e.g. 2026-11-26T18:11:41Z, or epoch seconds)\n` };
  }
  return { inputs, bootTimeMs };
}
