/**
 * `plain`: no envelope at all — a pasted block of kernel text (OOMAnalyser's examples, cadvisor's
 * kmsg bodies). Every non-empty line is a message; uptime and wall are null. rsyslog `#012`
 * escapes are decoded because such blocks are often cut out of a syslog file (OOMAnalyser's
 * RHEL 7 example keeps them).
 */
import { emptyFields, statelessDecoder, type EnvelopeFields, type EnvelopeFormat, type LineResult } from "./envelope-fields.js";
import { decodeRsyslogEscapes } from "./clock-text.js";

/**
 * Salvage, so that a kill is not lost to a log shape no format reads: `… host kernel: msg` (journalctl
 * short-full, short-unix, with-unit; log shippers' own stamps), journalctl -o verbose `    MESSAGE=msg` and
 * -o json-pretty `"MESSAGE" : "msg",` lines. Only the message (and a printk stamp after `kernel:`) is kept.
 */
const KERNEL_TAG = / kernel(?:\[\d+\])?: /;
const KERNEL_TAG_WITHIN = 120;
const INNER_STAMP = /^\[\s*(\d+\.\d+)\] ?/;
const VERBOSE_MESSAGE = /^\s+MESSAGE=/;
const PRETTY_MESSAGE = /^\s*"MESSAGE"\s*:\s*("(?:[^"\\]|\\.)*")\s*,?\s*$/;

function salvage(line: string): EnvelopeFields | null {
  const tag = KERNEL_TAG.exec(line);
  if (tag && tag.index < KERNEL_TAG_WITHIN) {
    let message = line.slice(tag.index + tag[0].length);
    const stamp = INNER_STAMP.exec(message);
    const fields = emptyFields("");
    if (stamp) {
      fields.uptime = Number(stamp[1]);
      message = message.slice(stamp[0].length);
    }
    fields.ident = "kernel";
    fields.message = decodeRsyslogEscapes(message);
    return fields;
  }
  const verbose = VERBOSE_MESSAGE.exec(line);
  if (verbose) return emptyFields(line.slice(verbose[0].length));
  const pretty = PRETTY_MESSAGE.exec(line);
  if (pretty) {
    try {
      return emptyFields(JSON.parse(pretty[1]) as string);
    } catch {
      return null;
    }
  }
  return null;
}

/** The fields of a line read as plain text: salvaged where it can be, else the whole line is the message. */
export function plainLineFields(line: string): EnvelopeFields {
  return salvage(line) ?? emptyFields(decodeRsyslogEscapes(line));
}

export function parsePlainLine(line: string): LineResult | null {
  if (line.length === 0) return { kind: "skip" };
  return { kind: "start", fields: plainLineFields(line), messageColumn: 0 };
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
    {
      line: "Fri 2026-11-27 04:06:31 UTC vm kernel: Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0",
      from: "samples/this-machine/journal/journalctl-k-short-full.txt line 80 (real journalctl -k -o short-full: read by the salvage)",
      expect: { ident: "kernel", uptime: null, message: "Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0" },
    },
    {
      line: "1795752391.454814 vm kernel: Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0",
      from: "samples/this-machine/journal/journalctl-k-short-unix.txt line 80 (real journalctl -k -o short-unix: read by the salvage)",
      expect: { ident: "kernel", uptime: null, message: "Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0" },
    },
    {
      line: "    MESSAGE=Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0",
      from: "samples/this-machine/journal/journalctl-k-verbose.txt line 881 (real journalctl -k -o verbose: read by the salvage)",
      expect: { uptime: null, message: "Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0" },
    },
    {
      line: "\t\"MESSAGE\" : \"Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0\",",
      from: "samples/this-machine/journal/journalctl-k-json-pretty.txt line 1195 (real journalctl -k -o json-pretty: read by the salvage)",
      expect: { uptime: null, message: "Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0" },
    },
  ],
};
