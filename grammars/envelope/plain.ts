/**
 * `plain`: no envelope at all — a pasted block of kernel text (OOMAnalyser's examples, cadvisor's
 * kmsg bodies). Every non-empty line is a message; uptime and wall are null. rsyslog `#012`
 * escapes are decoded because such blocks are often cut out of a syslog file (OOMAnalyser's
 * RHEL 7 example keeps them).
 */
import { emptyFields, statelessDecoder, type EnvelopeFormat, type LineResult } from "./envelope-fields.js";
import { decodeRsyslogEscapes } from "./clock-text.js";

export function parsePlainLine(line: string): LineResult | null {
  if (line.length === 0) return { kind: "skip" };
  return { kind: "start", fields: emptyFields(decodeRsyslogEscapes(line)), messageColumn: 0 };
}

export const plain: EnvelopeFormat = {
  name: "plain",
  description: "no prefix: every line is a kernel message",
  matches: () => true,
  createDecoder: () => statelessDecoder(parsePlainLine),
  structured: false,
  samples: [
    {
      line: "doxygen invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=0",
      from: "peers/OOMAnalyser example_archlinux_6_1_1.log line 1",
      expect: { uptime: null, wall: null, message: "doxygen invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=0" },
    },
    {
      line: "active_anon:7355653 inactive_anon:660960 isolated_anon:0#012 active_file:1263 inactive_file:1167 isolated_file:32#012 unevictable:0 dirty:4 writeback:0 unstable:0",
      from: "peers/OOMAnalyser example_rhel7.log line 32 (first 3 #012-joined parts)",
      expect: { message: "active_anon:7355653 inactive_anon:660960 isolated_anon:0\n active_file:1263 inactive_file:1167 isolated_file:32\n unevictable:0 dirty:4 writeback:0 unstable:0" },
    },
  ],
};
