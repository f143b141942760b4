/**
 * `journalctl -o export` (systemd "Journal Export Format"): an entry is `KEY=value` lines ended
 * by an empty line. A field that is not plain text is written as `KEY\n`, a 64-bit little-endian
 * length, the raw bytes and `\n`.
 *
 * The reader gets physical lines already decoded as text, so a binary field arrives as a bare
 * `KEY` line and then a line starting with the 8 length bytes. When those 8 characters are still
 * bytes (< 0x100) the length is read and the value (which may span lines: its own newlines) is
 * collected — a multi-line MESSAGE is kept; a length byte 0x0a splits the length over two lines,
 * which are joined back. When the length bytes were mangled by UTF-8 decoding (any length byte
 * >= 0x80, e.g. every Mem-Info record of 128–255 bytes), the value is found after the length's
 * NUL high bytes and read up to the next `KEY=` line or the entry's end; without those NULs the
 * lines are skipped the same way. Never a crash.
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

const UNTIL_NEXT_FIELD = -2;

/**
 * Where the value starts when the length bytes did not survive UTF-8 decoding (a length byte >= 0x80 became
 * U+FFFD, or two of them one character): the length of any real field is < 2^48, so its top six bytes are NULs,
 * and the value never starts with NUL. The 8 bytes became 8 characters, or 7 when two merged. Null: not a length.
 */
function valueStartAfterMangledLength(head: string): number | null {
  if (head.length < 7 || head.charCodeAt(5) !== 0 || head.charCodeAt(6) !== 0) return null;
  return head.charCodeAt(7) === 0 ? 8 : 7;
}

function createExportDecoder(): LineDecoder {
  let entry: Map<string, string> | null = null;
  let firstLine = 0;
  // A binary field being read: `head` gathers the lines that hold its 8 length bytes (a length byte 0x0a splits
  // them); `need` is the byte length (null: not read yet; -1: unreadable, skip; UNTIL_NEXT_FIELD: length bytes
  // mangled by UTF-8 decoding but the value found, read up to the next field or the entry's end).
  let binary: { key: string; head: string | null; need: number | null; value: string } | null = null;

  function complete(): LineResult | null {
    if (binary !== null && binary.need === UNTIL_NEXT_FIELD && entry !== null && !entry.has(binary.key)) entry.set(binary.key, binary.value);
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

  function decode(line: string, lineNo: number): LineResult | null {
    if (binary !== null) {
      const b = binary;
      if (b.need === null) {
        b.head = b.head === null ? line : b.head + "\n" + line;
        if (b.head.length < 8 && b.head.split("\n").length < 8) return { kind: "skip" };
        const n = binaryLength(b.head);
        const cut = n === null ? valueStartAfterMangledLength(b.head) : 8;
        b.need = n ?? (cut === null ? -1 : UNTIL_NEXT_FIELD);
        b.value = cut === null ? "" : b.head.slice(cut);
      } else if (b.need === UNTIL_NEXT_FIELD) {
        if (line.length > 0 && !EXPORT_FIELD.test(line)) {
          b.value += "\n" + line;
          return { kind: "skip" };
        }
        const e = field(lineNo);
        if (!e.has(b.key)) e.set(b.key, b.value);
        binary = null;
        return decode(line, lineNo);
      } else if (b.need >= 0) {
        b.value += "\n" + line;
      } else if (line.length > 0 && !EXPORT_FIELD.test(line)) {
        return { kind: "skip" };
      }
      if (b.need === UNTIL_NEXT_FIELD) return { kind: "skip" };
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
      binary = { key: line, head: null, need: null, value: "" };
      return { kind: "skip" };
    }
    return null;
  }

  return { decode, finish: complete };
}

export const journalExport: EnvelopeFormat = {
  name: "journal-export",
  description: "journalctl -o export: KEY=value lines, blank line between entries, binary fields skipped or read",
  matches: (line) => EXPORT_FIELD.test(line),
  createDecoder: createExportDecoder,
  structured: true,
  samples: [
    {
      line: "__CURSOR=s=732345549e0f4530a836240644de042e;i=52;b=9b17df00fec24a8484b600f2e0eea9fe;m=5eabb63d8;t=6613a2f65b05e;x=56d0846474d44975\n__REALTIME_TIMESTAMP=1795752391454814\n__MONOTONIC_TIMESTAMP=25412985816\n_BOOT_ID=9b17df00fec24a8484b600f2e0eea9fe\n_TRANSPORT=kernel\n_MACHINE_ID=3d1219c7c4c5404aaa1f6d2a48adfda4\n_HOSTNAME=vm\n_RUNTIME_SCOPE=system\nSYSLOG_FACILITY=0\nSYSLOG_IDENTIFIER=kernel\n_SOURCE_MONOTONIC_TIMESTAMP=25412984066\nPRIORITY=3\nMESSAGE=Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0\n\n",
      from: "samples/this-machine/journal/journalctl-k-export.txt lines 1108-1121 (real journalctl -k -o export)",
      expect: { host: "vm", ident: "kernel", level: 3, uptime: 25412.984066, wall: 1795752391454.814, bootId: "9b17df00fec24a8484b600f2e0eea9fe", message: "Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0" },
    },
    {
      // A binary MESSAGE (length 0x0b = 11 bytes, "new\nline ok") spanning two physical lines.
      line: ["__REALTIME_TIMESTAMP=1234567891123456", "_SOURCE_MONOTONIC_TIMESTAMP=1000000", "MESSAGE", "\u000b\u0000\u0000\u0000\u0000\u0000\u0000\u0000new", "line ok", ""].join("\n"),
      from: "util-linux tests/ts/dmesg/newlines record 1 text as a binary export field",
      expect: { message: "new\nline ok", uptime: 1 },
    },
  ],
};
