import { createHash } from "node:crypto";
import type { Kill, OomEvent } from "../events/oom-event.js";
import { cgroupPattern } from "../cgroup/mask.js";

/** What makes two kills "the same recurring failure". */
export interface GroupKey {
  killer: string;
  comm: string;
  constraint: string | null;
  cgroupPattern: string | null;
}

/** The cgroup a kill happened in: the victim's own memcg, else the one whose limit was hit, else what a userspace killer named. */
export function killCgroup(event: OomEvent, kill: Kill): string | null {
  return event.memcg?.taskPath ?? event.memcg?.oomPath ?? kill.cgroup ?? null;
}

export function groupKey(event: OomEvent, kill: Kill): GroupKey {
  const path = killCgroup(event, kill);
  // systemd-oomd names a unit or scope, not a process: its transient part (app-code-892075.scope) is masked like a path.
  const comm = event.killer === "systemd-oomd" && kill.pid === 0 ? cgroupPattern(kill.comm) : kill.comm;
  return { killer: String(event.killer), comm, constraint: event.constraint, cgroupPattern: path === null ? null : cgroupPattern(path) };
}

/** sha1 (hex, first 16) of the key fields: the same on every run and every machine for the same failure. */
export function fingerprint(key: GroupKey): string {
  return createHash("sha1").update(JSON.stringify([key.killer, key.comm, key.constraint, key.cgroupPattern])).digest("hex").slice(0, 16);
}
