/**
 * `dmesg` (util-linux, default output): `[   12.345678] message`, optionally with the printk
 * caller id `[   12.345678] [    T123] message`.
 *
 * Multi-line records print their later lines indented to the message column with no stamp
 * (util-linux tests/expected/dmesg/indentation); the reader joins them.
 */
import { emptyFields, statelessDecoder, type EnvelopeFormat, type LineResult } from "./envelope-fields.js";
import { LINE_START, lexPrefix, prefixLexer, prefixToken } from "./prefix-lexer.js";
import { OPEN_BRACKET, PRINTK_STAMP, printkCallerOf, uptimeOf } from "./dmesg-prefix.js";
import { readCommonDmesgLine } from "./common-syslog-line.js";

/** Stamp and optional caller id (one token, see PRINTK_STAMP). */
const Stamp = prefixToken("DmesgStamp", PRINTK_STAMP, [LINE_START]);
const lexer = prefixLexer([Stamp]);

/** A line: the common one read by hand (common-syslog-line.ts), any other by the grammar below. */
export function parseDmesgLine(line: string): LineResult | null {
  if (line.charCodeAt(0) !== OPEN_BRACKET) return null;
  return readCommonDmesgLine(line) ?? parseDmesgLineByGrammar(line);
}

/** The grammar alone (the hand reader of common-syslog-line.ts is tested against it). */
export function parseDmesgLineByGrammar(line: string): LineResult | null {
  if (line.charCodeAt(0) !== OPEN_BRACKET) return null;
  const { tokens, messageStart } = lexPrefix(lexer, line);
  if (tokens.length === 0) return null;
  const fields = emptyFields(line.slice(messageStart));
  fields.uptime = uptimeOf(tokens[0]);
  fields.callerId = printkCallerOf(tokens[0]);
  return { kind: "start", fields, messageColumn: messageStart };
}

export const dmesg: EnvelopeFormat = {
  name: "dmesg",
  description: "util-linux dmesg default output: [uptime] message (optional [T123]/[C1] caller id)",
  matches: (line) => parseDmesgLine(line) !== null,
  createDecoder: () => statelessDecoder(parseDmesgLine),
  structured: false,
  samples: [
    {
      line: "[ 4750.320556] Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0",
      from: "go-leak/logs/dmesg.txt line 2511",
      expect: {
        uptime: 4750.320556,
        wall: null,
        callerId: null,
        message:
          "Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0",
      },
    },
    {
      // The message's own leading spaces (kernel argv dump) stay in the message.
      line: "[    0.399629]     --firecracker-init",
      from: "go-leak/logs/dmesg.txt line 1",
      expect: { uptime: 0.399629, message: "    --firecracker-init" },
    },
    {
      line: "[  133.032113]  oom_kill_process.cold+0x8/0x8a",
      from: "go-leak/logs/dmesg.txt line 30",
      expect: { uptime: 133.032113, message: " oom_kill_process.cold+0x8/0x8a" },
    },
    {
      line: "[    1.000000] new",
      from: "util-linux tests/expected/dmesg/indentation line 1",
      expect: { uptime: 1, message: "new" },
    },
    {
      // util-linux tests/ts/dmesg/cid-input line 2 (`<1>[    1.000000] [    T1] example[1]`) as plain
      // `dmesg` prints it: the same text without the `<pri>`.
      line: "[    1.000000] [    T1] example[1]",
      from: "derived from util-linux tests/ts/dmesg/cid-input line 2",
      expect: { uptime: 1, callerId: "T1", message: "example[1]" },
    },
  ],
};
