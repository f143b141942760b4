/**
 * `dmesg -T` (`--time-format ctime`): `[Thu Nov 26 19:29:43 2026] message`, in any locale.
 *
 * The stamp is util-linux's boot time + uptime rendered as local time, one-second precision:
 * it is read as UTC (see clock-text.ts), and there is no uptime.
 */
import { emptyFields, statelessDecoder, type EnvelopeFormat, type LineResult } from "./envelope-fields.js";
import { LINE_START, lexPrefix, prefixLexer, prefixToken } from "./prefix-lexer.js";
import { CALLER_ID, CTIME_STAMP, OPEN_BRACKET, callerOf } from "./dmesg-prefix.js";
import { ctimeWall } from "./ctime.js";

const Stamp = prefixToken("CtimeStamp", CTIME_STAMP, [LINE_START]);
const Caller = prefixToken("CtimeCaller", CALLER_ID, [Stamp]);
const lexer = prefixLexer([Stamp, Caller]);

export function parseDmesgCtimeLine(line: string): LineResult | null {
  if (line.charCodeAt(0) !== OPEN_BRACKET) return null;
  const { tokens, messageStart } = lexPrefix(lexer, line);
  if (tokens.length === 0) return null;
  const wall = ctimeWall(tokens[0]);
  if (wall === null) return null;
  const fields = emptyFields(line.slice(messageStart));
  fields.wall = wall;
  if (tokens[1]?.tokenType === Caller) fields.callerId = callerOf(tokens[1]);
  return { kind: "start", fields, messageColumn: messageStart };
}

export const dmesgCtime: EnvelopeFormat = {
  name: "dmesg-ctime",
  description: "dmesg -T: [Thu Nov 26 19:29:43 2026] message, day/month names in any locale",
  matches: (line) => parseDmesgCtimeLine(line) !== null,
  createDecoder: () => statelessDecoder(parseDmesgCtimeLine),
  structured: false,
  samples: [
    {
      line: "[Thu Nov 26 20:30:51 2026] Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0",
      from: "go-leak/logs/dmesg-T.txt line 2511",
      expect: { wall: Date.UTC(2026, 10, 26, 20, 30, 51), uptime: null },
    },
    {
      line: "[Di Aug 12 03:54:03 2025] php-fpm invoked oom-killer: gfp_mask=0x1100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
      from: "peers/OOMAnalyser example_proxmox_cgroup_oom.log line 1 (de_DE)",
      expect: { wall: Date.UTC(2025, 7, 12, 3, 54, 3), message: "php-fpm invoked oom-killer: gfp_mask=0x1100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0" },
    },
    {
      line: "[ven. nov. 28 07:26:44 2025] postmaster invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0",
      from: "peers/BOoM tests/fixtures/example_oomkill.txt line 1 (fr_FR)",
      expect: { wall: Date.UTC(2025, 10, 28, 7, 26, 44), message: "postmaster invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0" },
    },
    {
      line: "[mer. déc. 17 11:32:14 2025] gmain invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0",
      from: "peers/BOoM tests/fixtures/exemple2.txt line 1 (fr_FR)",
      expect: { wall: Date.UTC(2025, 11, 17, 11, 32, 14) },
    },
    {
      // No zh_CN/ja_JP dmesg -T capture is in the corpus: this is BOoM's line 1 as glibc's zh_CN
      // locale renders the same stamp (%a = 五, %b = 11月).
      line: "[五 11月 28 07:26:44 2025] postmaster invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0",
      from: "derived from peers/BOoM tests/fixtures/example_oomkill.txt line 1, zh_CN rendering",
      expect: { wall: Date.UTC(2025, 10, 28, 7, 26, 44) },
    },
  ],
};
