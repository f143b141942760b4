/**
 * `dmesg -x` (`--decode`): `kern  :info  : [   12.345678] message`. util-linux pads the facility
 * to 6 and the level to 7 columns (`%-6s:%-6s: `). The time stamp after it is whichever
 * `--time-format` was asked for: uptime (default), ctime (`-T`), iso, the delta family (`-d`, `delta`, `-e`:
 * dmesg-delta.ts), or none (`-t`).
 */
import { emptyFields, type EnvelopeFormat, type LineResult } from "./envelope-fields.js";
import { RelativeClock, clockedDecoder, deltaStampTokens, readDeltaToken } from "./dmesg-delta.js";
import { LINE_START, groups, lexPrefix, prefixLexer, prefixToken } from "./prefix-lexer.js";
import { CALLER_ID, CTIME_STAMP, DMESG_ISO_STAMP, LEVEL_NAMES, PRINTK_STAMP, callerOf, printkCallerOf, uptimeOf } from "./dmesg-prefix.js";
import { ctimeWall } from "./ctime.js";
import { isoToMs } from "./clock-text.js";

const Decode = prefixToken("FacilityLevel", /([a-z][a-z0-9]*) *:([a-z]+) *: /, [LINE_START]);
/** Stamp and optional caller id (one token, see PRINTK_STAMP). */
const Stamp = prefixToken("DecodeStamp", PRINTK_STAMP, [Decode]);
const Ctime = prefixToken("DecodeCtime", CTIME_STAMP, [Decode]);
const Iso = prefixToken("DecodeIso", DMESG_ISO_STAMP, [Decode]);
const Caller = prefixToken("DecodeCaller", CALLER_ID, [Ctime, Iso]);
const delta = deltaStampTokens("Decode", [Decode]);
const lexer = prefixLexer([Decode, Stamp, Ctime, Iso, Caller, ...delta.stamps, delta.caller]);

/** One line (`clock`: the decoder's, for `-e` gaps; a fresh one reads a line alone, as detection does). */
export function parseDmesgDecodeLine(line: string, clock = new RelativeClock()): LineResult | null {
  const code = line.charCodeAt(0);
  if (code < 0x61 || code > 0x7a) return null; // facility names are lower case
  const { tokens, messageStart } = lexPrefix(lexer, line);
  if (tokens.length === 0) return null;
  const level = LEVEL_NAMES[groups(tokens[0])[2]];
  if (level === undefined) return null;
  const fields = emptyFields(line.slice(messageStart));
  fields.level = level;
  for (const t of tokens) {
    if (t.tokenType === Stamp) {
      fields.uptime = uptimeOf(t);
      fields.callerId = printkCallerOf(t);
    }
    else if (t.tokenType === Ctime) fields.wall = ctimeWall(t);
    else if (t.tokenType === Iso) fields.wall = isoToMs(groups(t)[1]);
    else if (t.tokenType === Caller) fields.callerId = callerOf(t);
    else readDeltaToken(t, delta, clock, fields);
  }
  return { kind: "start", fields, messageColumn: messageStart };
}

export const dmesgDecode: EnvelopeFormat = {
  name: "dmesg-decode",
  description: "dmesg -x: facility:level: prefix, then an uptime, ctime, iso or delta-family stamp (or none)",
  matches: (line) => parseDmesgDecodeLine(line) !== null,
  createDecoder: () => clockedDecoder(parseDmesgDecodeLine),
  structured: false,
  samples: [
    {
      line: "kern  :err   : [ 4750.320556] Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0",
      from: "go-leak/logs/dmesg-x.txt line 2511",
      expect: { uptime: 4750.320556, level: 3, wall: null },
    },
    {
      line: "kern  :debug : [    0.399629]     --firecracker-init",
      from: "go-leak/logs/dmesg-x.txt line 1",
      expect: { uptime: 0.399629, level: 7, message: "    --firecracker-init" },
    },
    {
      line: "user  :crit  : [    1.000000] new",
      from: "util-linux tests/expected/dmesg/indentation line 6",
      expect: { uptime: 1, level: 2, message: "new" },
    },
    {
      line: "kern  :warn  : [Nov27 04:24] python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
      from: "this-machine/delta/dmesg-x-e.txt line 92",
      expect: { level: 4, uptime: null, yearless: { month: 10, day: 27, msOfDay: (4 * 60 + 24) * 60_000 }, message: "python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0" },
    },
    {
      line: "kern  :notice: [  125.000000] example[5]",
      from: "util-linux tests/expected/dmesg/decode line 6",
      expect: { uptime: 125, level: 5, message: "example[5]" },
    },
  ],
};
