import type { Kill, Killer, Memcg, OomEvent, Trigger } from "../events/oom-event.js";
import type { LogRecord } from "../records/log-record.js";
import { eventId } from "./event-id.js";
import { sourceOf, timeOf } from "./record-text.js";

/** What a userspace killer's line tells about its victim; everything else of the kill is null. */
export type UserspaceKill = Pick<Kill, "pid" | "comm" | "line"> & Partial<Kill>;

/**
 * A userspace kill as an OomEvent: one line, one kill, complete by nature; the kernel-only parts
 * (Mem-Info, task table, constraint) are null, never guessed.
 */
export function userspaceEvent(
  record: LogRecord,
  killer: Killer,
  kill: UserspaceKill,
  extra: { trigger?: Trigger | null; memcg?: Memcg | null; idVictim?: string } = {},
): OomEvent {
  const time = timeOf(record);
  return {
    id: eventId(record.host, record.boot, time.uptime, time.wall, kill.pid, extra.idVictim ?? kill.comm),
    killer,
    kind: "userspace-kill",
    complete: true,
    missing: [],
    source: sourceOf(record),
    host: record.host,
    boot: record.boot,
    time,
    kernelVersion: null,
    trigger: extra.trigger ?? null,
    constraint: null,
    memcg: extra.memcg ?? null,
    memInfo: null,
    tasks: null,
    kills: [
      {
        uid: null,
        score: null,
        totalVmKb: null,
        anonRssKb: null,
        fileRssKb: null,
        shmemRssKb: null,
        pgtablesKb: null,
        oomScoreAdj: null,
        reaped: null,
        signal: null,
        cgroup: null,
        vmRssKb: null,
        ...kill,
      },
    ],
    panic: null,
  };
}
