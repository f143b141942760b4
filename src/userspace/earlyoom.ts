import { userspaceEvent } from "./userspace-event.js";
import type { LogRecord } from "../records/log-record.js";
import type { OomEvent } from "../events/oom-event.js";

/**
 * earlyoom kill notices (kill.c), one line each:
 *
 * - v1.4+: `sending SIGTERM to process 7378 uid 1000 "tail": badness 156, VmRSS 4962 MiB`
 *   (1.2–1.3 without `uid N`; newer builds print `oom_score N, oom_score_adj N, VmRSS N MiB, cmdline "…"`)
 * - ≤ 1.1: `Killing process 1234 (name)` optionally followed by ` with badness N time_running=Xm`
 *   (the name is field 2 of /proc/PID/stat, parentheses included).
 */
// The name ends at the `": ` before the first known field; newer builds append `cmdline "…"`, whose quotes
// must not be taken for the end of the name. Names are at most 15 bytes (/proc/PID/comm).
const SENDING = /^sending (SIG[A-Z0-9]+) to process (\d+)(?: uid (\d+))? "(.*?)"(?:: (?=badness|oom_score|VmRSS)|:?$)(.*)$/s;
const KILLING = /^Killing process (\d+) \((.*)\)(?: with badness (\d+))?/;

export function parseEarlyoom(record: LogRecord, message: string, ident: string | null): OomEvent | null {
  let pid: number;
  let comm: string;
  let uid: number | null = null;
  let signal: string | null = null;
  let score: number | null = null;
  let oomScoreAdj: number | null = null;
  let vmRssKb: number | null = null;

  const s = SENDING.exec(message);
  if (s) {
    signal = s[1];
    pid = Number(s[2]);
    uid = s[3] !== undefined ? Number(s[3]) : null;
    comm = s[4];
    const rest = s[5];
    const badness = /(?:badness|oom_score) (-?\d+)/.exec(rest);
    if (badness) score = Number(badness[1]);
    const adj = /oom_score_adj (-?\d+)/.exec(rest);
    if (adj) oomScoreAdj = Number(adj[1]);
    const rss = /VmRSS (\d+) MiB/.exec(rest);
    if (rss) vmRssKb = Number(rss[1]) * 1024;
  } else {
    // The old form is too generic to accept from an unknown program.
    if (ident !== "earlyoom") return null;
    const k = KILLING.exec(message);
    if (!k) return null;
    pid = Number(k[1]);
    comm = k[2];
    if (k[3] !== undefined) score = Number(k[3]);
  }

  return userspaceEvent(record, "earlyoom", { pid, comm, uid, score, oomScoreAdj, signal, vmRssKb, line: message });
}
