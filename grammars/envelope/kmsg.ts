/**
 * `/dev/kmsg` records (Documentation/ABI/testing/dev-kmsg; kernel/printk/printk.c
 * info_print_ext_header): `pri,seq,usec,flags[,caller=T1];message`, then optional dictionary
 * lines ` KEY=value` (leading space) that belong to the record and are not messages.
 *
 * The kernel escapes bytes < 0x20, >= 0x7f and `\` as `\xHH`; the message is decoded back to
 * UTF-8 text (a `\x0a` is a newline inside one record). `dmesg -K` files separate records with
 * NUL bytes, so a leading NUL is ignored.
 */
import { emptyFields, type EnvelopeFormat, type LineDecoder, type LineResult } from "./envelope-fields.js";
import { LINE_START, groups, lexPrefix, prefixLexer, prefixToken } from "./prefix-lexer.js";

const Header = prefixToken("KmsgHeader", /\x00?(\d+),(\d+),(\d+),([^,;]*)((?:,[^;]*)?);/, [LINE_START]);
const lexer = prefixLexer([Header]);

const DICTIONARY_LINE = /^ [A-Z][A-Z0-9_]*=/;
const ESCAPE = /\\x([0-9a-fA-F]{2})/g;

/** `\xHH` escapes back to bytes, then UTF-8 (the escaped text is ASCII, so latin1 round-trips). */
export function decodeKmsgEscapes(text: string): string {
  if (!text.includes("\\x")) return text;
  const bytes = text.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

export function parseKmsgLine(line: string): LineResult | null {
  const c = line.charCodeAt(0);
  if (!(c === 0 || (c >= 0x30 && c <= 0x39))) return null;
  const { tokens, messageStart } = lexPrefix(lexer, line);
  if (tokens.length === 0) return null;
  const g = groups(tokens[0]);
  const fields = emptyFields(decodeKmsgEscapes(line.slice(messageStart)));
  fields.level = Number(g[1]) & 7;
  fields.seq = Number(g[2]);
  fields.uptime = Number(g[3]) / 1e6;
  const caller = /,caller=([TC]\d+)/.exec(g[5]);
  if (caller !== null) fields.callerId = caller[1];
  return { kind: "start", fields, messageColumn: messageStart };
}

/** Dictionary lines are accepted only right after a record (or another dictionary line). */
function createKmsgDecoder(): LineDecoder {
  let lastLine = -2;
  return {
    decode(line, lineNo) {
      if (lineNo === lastLine + 1 && DICTIONARY_LINE.test(line)) {
        lastLine = lineNo;
        return { kind: "skip" };
      }
      const r = parseKmsgLine(line);
      if (r !== null) lastLine = lineNo;
      return r;
    },
    finish: () => null,
  };
}

export const kmsg: EnvelopeFormat = {
  name: "kmsg",
  description: "/dev/kmsg records: pri,seq,usec,flags[,caller=T1];message and ' KEY=value' dictionary lines",
  matches: (line) => parseKmsgLine(line) !== null || DICTIONARY_LINE.test(line),
  createDecoder: createKmsgDecoder,
  structured: false,
  samples: [
    {
      line: "3,2828,4750320556,-;Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0",
      from: "go-leak/logs/dev-kmsg.txt line 2513",
      expect: { uptime: 4750.320556, level: 3, seq: 2828, callerId: null },
    },
    {
      line: "1,1,1,-,caller=T2;Command line: initrd=\\x5cucode.img initrd=\\x5cinitramfs-linux.img rw cryptdevice=/dev/nvme0n1p3:system:discard root=/dev/mapper/system",
      from: "util-linux tests/ts/dmesg/cid-kmsg-input record 2 (after its NUL separator)",
      expect: {
        uptime: 0.000001,
        level: 1,
        seq: 1,
        callerId: "T2",
        message: "Command line: initrd=\\ucode.img initrd=\\initramfs-linux.img rw cryptdevice=/dev/nvme0n1p3:system:discard root=/dev/mapper/system",
      },
    },
    {
      line: "\u00006,300,201607,-;smp: Bringing up secondary CPUs ...",
      from: "util-linux tests/ts/dmesg/kmsg-input line 12 (NUL separator kept)",
      expect: { uptime: 0.201607, level: 6, seq: 300, message: "smp: Bringing up secondary CPUs ..." },
    },
  ],
};
