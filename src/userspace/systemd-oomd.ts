import { userspaceEvent } from "./userspace-event.js";
import type { LogRecord } from "../records/log-record.js";
import type { OomEvent } from "../events/oom-event.js";
import { containerIdentity } from "../cgroup/container-identity.js";

/**
 * systemd-oomd kill notices (src/oom/oomd-manager.c, `log_notice`), one line each:
 *
 * - v248+: `Killed <cgroup> due to memory pressure for <monitored> being 57.97% > 50.00% for > 20s with reclaim activity`
 * - v248–250 swap: `Killed <cgroup> due to swap used (N) / total (N) being more than 90.00%`
 * - v251+ swap: `Killed <cgroup> due to memory used (N) / total (N) and swap used (N) / total (N) being more than 90.00%`
 * - newer releases say `Marked <cgroup> for killing due to …` with the same tails.
 *
 * oomd kills a whole cgroup, not one pid: the kill carries pid 0 and, as comm, the last segment of the
 * killed cgroup (the unit or scope name).
 */
const OOMD_KILL = /^(?:Killed (\S+)|Marked (\S+) for killing) due to (memory pressure for (\S+) being|swap used|memory used)/;

export function parseSystemdOomd(record: LogRecord, message: string): OomEvent | null {
  const m = OOMD_KILL.exec(message);
  if (!m) return null;
  const killed = m[1] ?? m[2];
  const monitored = m[4] ?? null;
  const segments = killed.split("/").filter((s) => s.length > 0);
  const comm = segments.length > 0 ? segments[segments.length - 1] : killed;
  // The monitored cgroup whose pressure crossed its limit plays the role of the kernel's oom_memcg;
  // swap kills are system-wide, so they have none.
  const memcg = {
    oomPath: monitored,
    taskPath: killed,
    usageKb: null,
    limitKb: null,
    failcnt: null,
    swap: null,
    kmem: null,
    stats: null,
    container: containerIdentity(killed),
  };
  // A whole cgroup is killed, not one pid: pid 0, and the cgroup tells two kills apart.
  return userspaceEvent(record, "systemd-oomd", { pid: 0, comm, cgroup: killed, line: message }, { memcg, idVictim: killed });
}
