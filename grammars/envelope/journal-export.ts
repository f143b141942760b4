/**
 * `journalctl -o export` (systemd "Journal Export Format"): an entry is `KEY=value` lines ended
 * by an empty line. A field that is not plain text is written as `KEY\n`, a 64-bit little-endian
 * length, the raw bytes and `\n`.
 *
 * The reader gets physical lines already decoded as text, so a binary field arrives as a bare
 * `KEY` line and then a line starting with the 8 length bytes. When those 8 characters are still
 * bytes (< 0x100) the length is read and the value (which may span lines: its own newlines) is
 * collected — a multi-line MESSAGE is kept. When the length bytes were mangled by UTF-8
 * decoding, lines are skipped until the next `KEY=` line or the entry's end: never a crash.
 */
import type { EnvelopeFormat, LineDecoder, LineResult } from "./envelope-fields.js";
import { LINE_START, groups, lexPrefix, prefixLexer, prefixToken } from "./prefix-lexer.js";
import { journalFields } from "./journal-fields.js";

const Key = prefixToken("ExportKey", /([A-Za-z_][A-Za-z0-9_]*)=/, [LINE_START]);
const lexer = prefixLexer([Key]);
const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EXPORT_FIELD = /^_{0,2}[A-Z][A-Z0-9_]*=/;

/** Little-endian length from the first 8 chars, or null when they are not raw bytes. */
function binaryLength(line: string): number | null {
  if (line.length < 8) return null;
  let n = 0;
  for (let i = 7; i >= 0; i--) {
    const c = line.charCodeAt(i);
    if (c > 0xff) return null;
    n = n * 256 + c;
  }
  return Number.isSafeInteger(n) ? n : null;
}

function createExportDecoder(): LineDecoder {
  let entry: Map<string, string> | null = null;
  let firstLine = 0;
  // A binary field being read: `need` bytes (null: length line not seen yet; -1: unreadable, skip).
  let binary: { key: string; need: number | null; value: string } | null = null;

  function complete(): LineResult | null {
    if (entry === null) return null;
    const e = entry;
    entry = null;
    binary = null;
    return { kind: "record", fields: journalFields((k) => e.get(k) ?? null), firstLine };
  }

  function field(lineNo: number): Map<string, string> {
    if (entry === null) {
      entry = new Map();
      firstLine = lineNo;
    }
    return entry;
  }

  return {
    decode(line, lineNo) {
      if (binary !== null) {
        const b = binary;
        if (b.need === null) {
          const n = binaryLength(line);
          b.need = n ?? -1;
          b.value = n === null ? "" : line.slice(8);
        } else if (b.need >= 0) {
          b.value += "\n" + line;
        } else if (line.length > 0 && !EXPORT_FIELD.test(line)) {
          return { kind: "skip" };
        }
        if (b.need >= 0) {
          if (Buffer.byteLength(b.value, "utf8") >= b.need) {
            const e = field(lineNo);
            if (!e.has(b.key)) e.set(b.key, b.value);
            binary = null;
          }
          return { kind: "skip" };
        }
        // The unreadable value ended: this line (a field or the entry's end) is ordinary.
        if (b.value === "" && line.length > 0 && !EXPORT_FIELD.test(line)) return { kind: "skip" };
        binary = null;
      }
      if (line.length === 0) return complete() ?? { kind: "skip" };
      const { tokens, messageStart } = lexPrefix(lexer, line);
      if (tokens.length === 1) {
        const e = field(lineNo);
        const key = groups(tokens[0])[1];
        if (!e.has(key)) e.set(key, line.slice(messageStart));
        return { kind: "skip" };
      }
      if (BARE_KEY.test(line)) {
        field(lineNo);
        binary = { key: line, need: null, value: "" };
        return { kind: "skip" };
      }
      return null;
    },
    finish: complete,
  };
}

export const journalExport: EnvelopeFormat = {
  name: "journal-export",
  description: "journalctl -o export: KEY=value lines, blank line between entries, binary fields skipped or read",
  matches: (line) => EXPORT_FIELD.test(line),
  createDecoder: createExportDecoder,
  structured: true,
  samples: [
    {
      // No journal in the corpus: go-leak's cycle-4 kill line (dmesg.txt line 2511) as a kernel
      // entry of the Journal Export Format.
      line: [
        "__CURSOR=s=1;i=2828",
        "__REALTIME_TIMESTAMP=1795725051320556",
        "__MONOTONIC_TIMESTAMP=4750320600",
        "_BOOT_ID=9f1c2d3e4b5a69788796a5b4c3d2e1f0",
        "PRIORITY=3",
        "SYSLOG_IDENTIFIER=kernel",
        "_SOURCE_MONOTONIC_TIMESTAMP=4750320556",
        "_HOSTNAME=sandbox",
        "MESSAGE=Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0",
        "",
      ].join("\n"),
      from: "derived from go-leak/logs/dmesg.txt line 2511 + dmesg-iso.txt line 2511",
      expect: {
        uptime: 4750.320556,
        wall: 1795725051320.556,
        level: 3,
        host: "sandbox",
        ident: "kernel",
        bootId: "9f1c2d3e4b5a69788796a5b4c3d2e1f0",
        message: "Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0",
      },
    },
    {
      // A binary MESSAGE (length 0x0b = 11 bytes, "new\nline ok") spanning two physical lines.
      line: ["__REALTIME_TIMESTAMP=1234567891123456", "_SOURCE_MONOTONIC_TIMESTAMP=1000000", "MESSAGE", "\u000b\u0000\u0000\u0000\u0000\u0000\u0000\u0000new", "line ok", ""].join("\n"),
      from: "util-linux tests/ts/dmesg/newlines record 1 text as a binary export field",
      expect: { message: "new\nline ok", uptime: 1 },
    },
  ],
};
