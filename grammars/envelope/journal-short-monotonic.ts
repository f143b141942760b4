/**
 * `journalctl -o short-monotonic`: `[ 4704.430226] host kernel: message`. The stamp is the
 * entry's monotonic time (for kernel entries the printk time), so it is the uptime.
 */
import { emptyFields, statelessDecoder, type EnvelopeFormat, type LineResult } from "./envelope-fields.js";
import { LINE_START, lexPrefix, prefixLexer, prefixToken } from "./prefix-lexer.js";
import { OPEN_BRACKET, UPTIME_STAMP, uptimeOf } from "./dmesg-prefix.js";
import { makeSyslogTail } from "./syslog-prefix.js";
import { parseJournalMarker } from "./journal-short.js";

const Stamp = prefixToken("MonotonicStamp", UPTIME_STAMP, [LINE_START]);
const tail = makeSyslogTail("Monotonic", Stamp);
const lexer = prefixLexer([Stamp, ...tail.tokens]);

/**
 * A plain dmesg line like `[ 1.0] usb 1-1: new device` also has "word word:" after its stamp, so
 * here the ident must look like a program name (starts with a letter) — and detection only picks
 * this format when every sampled line fits (see detect-format.ts).
 */
function identLooksLikeProgram(ident: string | null): boolean {
  if (ident === null) return false;
  const c = ident.charCodeAt(0) | 0x20; // ASCII letters, either case
  return c >= 0x61 && c <= 0x7a;
}

export function parseMonotonicLine(line: string): LineResult | null {
  if (line.charCodeAt(0) !== OPEN_BRACKET) return parseJournalMarker(line);
  const { tokens, messageStart } = lexPrefix(lexer, line);
  if (tokens.length < 2) return null;
  const fields = emptyFields(line.slice(messageStart));
  if (!tail.read(tokens, fields) || !identLooksLikeProgram(fields.ident)) return null;
  fields.uptime = uptimeOf(tokens[0]);
  return { kind: "start", fields, messageColumn: messageStart };
}

export const journalShortMonotonic: EnvelopeFormat = {
  name: "journal-short-monotonic",
  description: "journalctl -o short-monotonic: [ 4704.430226] host kernel: message",
  matches: (line) => line.charCodeAt(0) === OPEN_BRACKET && parseMonotonicLine(line) !== null,
  createDecoder: () => statelessDecoder(parseMonotonicLine),
  structured: false,
  samples: [
    {
      line: "[25412.984066] vm kernel: Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0",
      from: "samples/this-machine/journal/journalctl-k-short-monotonic.txt line 80 (real journalctl -k -o short-monotonic)",
      expect: { host: "vm", ident: "kernel", uptime: 25412.984066, wall: null, message: "Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0" },
    },
  ],
};
