import { userspaceEvent } from "./userspace-event.js";
import type { LogRecord } from "../records/log-record.js";
import type { OomEvent } from "../events/oom-event.js";

/**
 * Legacy Android in-kernel lowmemorykiller (drivers/staging/android/lowmemorykiller.c, ≈3.4 – 4.12),
 * one printk with embedded newlines:
 *
 *   lowmemorykiller: Killing '<comm>' (<pid>), adj <n>,
 *      to free <n>kB on behalf of '<comm>' (<pid>) because
 *      cache <n>kB is below limit <n>kB for oom_score_adj <n>
 *      Free memory is <n>kB above reserved
 *
 * /dev/kmsg keeps it as one record (`\x0a`), dmesg and syslog split it into lines. A record with only
 * the first line still yields the victim; the rest stays null. `adj` is the victim's oom_score_adj,
 * `to free` its RSS in kB; the trailing `oom_score_adj` is the threshold that was crossed.
 */
const HEAD = /^lowmemorykiller: Killing '(.*?)' \((\d+)\), adj (-?\d+)/;
const TAIL = /to free (\d+)kB on behalf of '(.*?)' \((\d+)\) because\s+cache (\d+)kB is below limit (\d+)kB/;

export function parseLowmemorykiller(record: LogRecord, message: string): OomEvent | null {
  const h = HEAD.exec(message);
  if (!h) return null;
  const comm = h[1];
  const pid = Number(h[2]);
  const t = TAIL.exec(message);
  const trigger = t ? { comm: t[2], pid: Number(t[3]), gfpMask: null, gfpFlags: null, order: null, oomScoreAdj: null } : null;
  return userspaceEvent(
    record,
    "lowmemorykiller",
    { pid, comm, oomScoreAdj: Number(h[3]), vmRssKb: t ? Number(t[1]) : null, line: message },
    { trigger },
  );
}
