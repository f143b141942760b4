/**
 * The typed OOM event: the `events[]` entries of the `oomsleuth/events@1` JSON contract
 * (see README and src/events/events.schema.json). Field names are part of the product.
 *
 * Rules: sizes keep the unit the kernel printed, in the field name (Kb, Pages, Bytes);
 * a value the log does not show is null, never guessed.
 */
export type Killer = "kernel" | "systemd-oomd" | "earlyoom" | "lowmemorykiller" | (string & {});
export type EventKind = "oom-kill" | "oom-panic" | "no-killable-process" | "userspace-kill";

export interface EventSource {
  path: string;
  lineStart: number;
  lineEnd: number;
}

export interface EventTime {
  uptime: number | null;
  /** ISO 8601 UTC, or null when the wall clock is unknown. */
  wall: string | null;
}

export interface Trigger {
  comm: string | null;
  pid: number | null;
  gfpMask: string | null;
  gfpFlags: string[] | null;
  order: number | null;
  oomScoreAdj: number | null;
  /** Pre-2.6.36 `oom_adj=`/`oomkilladj=`. */
  oomAdj?: number | null;
  nodemask?: string | null;
}

export interface Counter {
  usageKb: number | null;
  limitKb: number | null;
  failcnt: number | null;
}

export interface ContainerIdentity {
  /** "docker" | "containerd" | "cri-o" | "podman" | "lxc" | "systemd" | "kubepods" … */
  runtime: string | null;
  id: string | null;
  /** Kubernetes pod uid, dashed form. */
  podUid: string | null;
  /** Kubernetes QoS class from the path (guaranteed, burstable, besteffort). */
  qos?: string | null;
  /** systemd unit (`foo.service`) when the cgroup is a unit. */
  unit?: string | null;
  /** The enclosing container when containers nest (a Proxmox LXC CT `/lxc/39004/ns/…` running docker). */
  outer?: ContainerIdentity | null;
}

export interface Memcg {
  oomPath: string | null;
  taskPath: string | null;
  usageKb: number | null;
  limitKb: number | null;
  failcnt: number | null;
  swap: Counter | null;
  memsw?: Counter | null;
  kmem: Counter | null;
  /** Stats as printed, converted to bytes: keys as the kernel names them. */
  stats: Record<string, number> | null;
  container: ContainerIdentity | null;
}

export interface Task {
  pid: number;
  uid: number | null;
  tgid: number | null;
  totalVmPages: number | null;
  rssPages: number | null;
  rssAnonPages?: number | null;
  rssFilePages?: number | null;
  rssShmemPages?: number | null;
  nrPtes?: number | null;
  nrPmds?: number | null;
  pgtablesBytes: number | null;
  swapents: number | null;
  oomScoreAdj: number | null;
  oomAdj?: number | null;
  cpu?: number | null;
  name: string;
}

export interface Reaped {
  anonRssKb: number | null;
  fileRssKb: number | null;
  shmemRssKb: number | null;
}

export interface Kill {
  pid: number;
  comm: string;
  uid: number | null;
  score: number | null;
  totalVmKb: number | null;
  anonRssKb: number | null;
  fileRssKb: number | null;
  shmemRssKb: number | null;
  pgtablesKb: number | null;
  oomScoreAdj: number | null;
  reaped: Reaped | null;
  /** Userspace killers: the signal sent (SIGTERM/SIGKILL), or the killed cgroup for systemd-oomd. */
  signal?: string | null;
  cgroup?: string | null;
  /** Userspace killers: resident set size of the victim as the killer printed it (earlyoom `VmRSS`, lowmemorykiller `to free`), in kB. */
  vmRssKb?: number | null;
  /** The verbatim kill line, for tickets. */
  line?: string;
}

export interface Panic {
  /** The panic reason as printed, e.g. "Out of memory: system-wide panic_on_oom is enabled". */
  message: string;
}

export interface OomEvent {
  id: string;
  killer: Killer;
  kind: EventKind;
  complete: boolean;
  /** Sections the report should have had but did not, e.g. ["header", "tasks"]. */
  missing: string[];
  source: EventSource;
  /** Every input that carried this event (after dedupe); the first is `source`. */
  sources?: EventSource[];
  host: string | null;
  boot: number;
  time: EventTime;
  kernelVersion: string | null;
  trigger: Trigger | null;
  constraint: string | null;
  memcg: Memcg | null;
  /** Global OOMs: the Mem-Info numbers, named as the kernel names them (pages or kB as printed). */
  memInfo: Record<string, number> | null;
  tasks: Task[] | null;
  kills: Kill[];
  panic: Panic | null;
}
