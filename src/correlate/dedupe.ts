import type { EventSource, OomEvent } from "../events/oom-event.js";

/**
 * The same kill is often read more than once: syslog, kern.log and messages all carry the kernel
 * line; `dmesg` overlaps kern.log; rotations overlap; `dmesg -T` and raw dmesg show one ring buffer.
 * Two events are one when the killer and the victim agree and either
 *
 * - the kernel timestamp agrees (uptime, printed to the microsecond), or — for logs without uptime —
 *   the wall time does; or
 * - the kill line's numbers agree (pid, comm, total-vm, anon-rss, file-rss to the kB), and the clocks
 *   both copies carry do not contradict it (uptimes within ten minutes; wall times within an hour, since
 *   `dmesg -T` drifts after suspend). This joins a `dmesg -T` or `--time-format iso` copy (wall only) to a
 *   raw dmesg copy (uptime only) of the same kill, and a copy cut by a rotation (its time is that of its
 *   first surviving line) to the whole report. A copy that agrees so with several kills joins the one read first.
 *
 * A null host matches any host: raw dmesg has none while syslog names it. Boot indexes are not
 * compared: they count boots within one input, so one boot has different indexes in `dmesg` and in a
 * kern.log that starts earlier.
 *
 * The kept event is the most informative copy (complete, with host, with wall time); it gains the
 * host and clock the others knew, and `sources` lists every copy. Input order is preserved.
 */
export function dedupeEvents(events: OomEvent[]): OomEvent[] {
  const deduper = new EventDeduper();
  for (const e of events) deduper.add(e);
  return deduper.events();
}

/**
 * dedupeEvents one copy at a time, for a caller that does not hold every event (parse --json over gigabytes):
 * `onBest(position, e)` is told each time a copy becomes the one kept at `position` (a new kill, or a richer copy
 * of a known one), and `slim` may shrink what the deduper itself keeps to the fields it compares (see
 * slimForDedupe). The kept event at a position is then the last copy given to onBest, with the `host`, `time`
 * and `sources` of `events()[position]`.
 */
export class EventDeduper {
  private readonly out: OomEvent[] = [];
  // Per kept event, the keys of its sources: a flood of copies of one event (a header repeated 400 000 times
  // in a damaged log) must cost O(1) per copy, not a rebuild of the whole source list. Made at the first merge:
  // most kills are read once, and parse keeps these for every kill of a run.
  private readonly sourceKeys: Array<Set<string> | null> = [];
  private readonly index = new Map<string, number[]>(); // key → positions in `out` (usually one)
  /** Per kept event, what sameKill compares, worked out once: a kill repeated thousands of times is compared as often. */
  private readonly facts: KillFacts[] = [];

  constructor(
    private readonly onBest: (position: number, e: OomEvent) => void = () => undefined,
    /** Returns a new object (the deduper sets its `sources`): by default a shallow copy. */
    private readonly slim: (e: OomEvent) => OomEvent = (e) => ({ ...e }),
  ) {}

  add(e: OomEvent): void {
    const { out, index } = this;
    const facts = killFacts(e);
    const keys = identityKeys(e, facts);
    let at = -1;
    for (const key of keys.exact) {
      for (const pos of index.get(key) ?? []) {
        if (sameKill(this.facts[pos], facts, false)) {
          at = pos;
          break;
        }
      }
      if (at >= 0) break;
    }
    // By the kill line: the earliest kill read that agrees (a host-less copy may agree with the same kill line of
    // two hosts).
    if (at < 0) {
      for (const key of keys.near) {
        for (const pos of index.get(key) ?? []) if ((at < 0 || pos < at) && sameKill(this.facts[pos], facts, true)) at = pos;
      }
    }
    let keptKeys = keys.file;
    const isNew = at < 0;
    if (isNew) {
      // A new kill: what is kept has the copy's own victim, clocks and host, so its keys and facts are the copy's.
      at = out.length;
      this.onBest(at, e);
      const kept = this.slim(e);
      kept.sources = e.sources && e.sources.length > 0 ? [...e.sources] : [e.source];
      out.push(kept);
      this.sourceKeys.push(null);
      this.facts[at] = facts;
    } else {
      if (richness(e) > richness(out[at])) this.onBest(at, e);
      const seen = (this.sourceKeys[at] ??= new Set(out[at].sources!.map(sourceKey)));
      out[at] = merge(out[at], this.slim(e), seen);
      this.facts[at] = killFacts(out[at]);
      keptKeys = [...keys.file, ...identityKeys(out[at], this.facts[at]).file];
    }
    for (const key of keptKeys) {
      const positions = index.get(key);
      if (positions === undefined) index.set(key, [at]);
      // A new kill is in no list yet: no search (the list of one kill line can hold thousands).
      else if (isNew || !positions.includes(at)) positions.push(at);
    }
  }

  /** The kept events, in the order their kills were first read. */
  events(): OomEvent[] {
    return this.out;
  }

  /** Whether another copy was merged into the kill kept at `position` (else it is the one copy given to onBest). */
  merged(position: number): boolean {
    return this.sourceKeys[position] !== null;
  }
}

/**
 * What EventDeduper reads of an event (victim, clocks, host, sources, completeness) and nothing else: the task
 * table (its presence kept, for richness), Mem-Info, memcg, the trigger's flags and the verbatim lines stay out.
 * For a caller that keeps the full copies elsewhere (parse's spool); the result is not an event to print.
 */
export function slimForDedupe(e: OomEvent): OomEvent {
  const slim: Pick<OomEvent, "killer" | "kind" | "complete" | "missing" | "source" | "sources" | "host" | "time"> & {
    trigger: Pick<NonNullable<OomEvent["trigger"]>, "pid" | "comm"> | null;
    kills: Array<Pick<OomEvent["kills"][number], "pid" | "comm" | "cgroup" | "totalVmKb" | "anonRssKb" | "fileRssKb">>;
    tasks: [] | null;
  } = {
    killer: e.killer,
    kind: e.kind,
    complete: e.complete,
    missing: e.missing,
    source: e.source,
    sources: e.sources,
    host: e.host,
    time: e.time,
    trigger: e.trigger && { pid: e.trigger.pid, comm: e.trigger.comm },
    kills: e.kills.map((k) => ({ pid: k.pid, comm: k.comm, cgroup: k.cgroup, totalVmKb: k.totalVmKb, anonRssKb: k.anonRssKb, fileRssKb: k.fileRssKb })),
    tasks: e.tasks === null ? null : [],
  };
  return slim as unknown as OomEvent;
}

function sourceKey(s: EventSource): string {
  return `${s.path}\u0000${s.lineStart}\u0000${s.lineEnd}`;
}

function victimOf(e: OomEvent): string {
  const kill = e.kills[0];
  const pid = kill?.pid ?? e.trigger?.pid ?? "";
  const comm = kill?.comm ?? e.trigger?.comm ?? "";
  // systemd-oomd kills carry pid 0: the killed cgroup is what tells two of them apart.
  return `${e.killer}|${e.kind}|${pid}|${comm}|${kill?.cgroup ?? ""}`;
}

/**
 * The keys a copy is filed under (`file`) and looks up: its victim at its exact clocks (`exact`, both filed and
 * looked up), then its kill line near its clocks (`near`).
 *
 * Kill-line keys carry a time bucket: a container killed at its limit again and again prints the same kill line
 * (same numbers to the kB) every time, and a copy compared with every earlier kill of those numbers made the
 * scan quadratic (7,685 kills of repeated reports: 650,000 comparisons). A copy is filed under its uptime's bucket
 * (SAME_REPORT_UPTIME_SLACK_S wide) and its wall time's (WALL_SLACK_MS wide), and looks in the buckets next to its
 * own, which hold every copy whose clocks can agree with it. A clock one side lacks does not bound the match
 * (sameKill), so a copy without uptime also looks at the copies that have only uptime (and the other way round),
 * copies with no clock at all are filed where every copy looks, and a copy with no clock looks at every copy.
 */
export function identityKeys(e: OomEvent, facts: KillFacts): { exact: string[]; near: string[]; file: string[] } {
  const exact: string[] = [];
  const victim = facts.victim;
  if (e.time.uptime !== null && Number.isFinite(e.time.uptime)) exact.push(`u|${victim}|${e.time.uptime.toFixed(6)}`);
  if (e.time.wall !== null) exact.push(`w|${victim}|${e.time.wall}`);
  const k = e.kills[0];
  if (!k || k.totalVmKb === null || k.anonRssKb === null) return { exact, near: [], file: exact };
  const line = `k|${victim}|${k.totalVmKb}|${k.anonRssKb}|${k.fileRssKb ?? ""}|`;
  const file = [...exact, `${line}*`];
  const probe = [`${line}none`];
  const { uptime, wallMs } = facts;
  if (uptime !== null) {
    const b = Math.floor(uptime / SAME_REPORT_UPTIME_SLACK_S);
    file.push(`${line}u${b}`);
    probe.push(`${line}u${b - 1}`, `${line}u${b}`, `${line}u${b + 1}`);
  }
  if (wallMs !== null) {
    const b = Math.floor(wallMs / WALL_SLACK_MS);
    file.push(`${line}w${b}`);
    probe.push(`${line}w${b - 1}`, `${line}w${b}`, `${line}w${b + 1}`);
  }
  if (uptime !== null && wallMs === null) {
    file.push(`${line}uptime-only`);
    probe.push(`${line}wall-only`);
  } else if (uptime === null && wallMs !== null) {
    file.push(`${line}wall-only`);
    probe.push(`${line}uptime-only`);
  } else if (uptime === null && wallMs === null) {
    file.push(`${line}none`);
    probe.push(`${line}*`);
  }
  return { exact, near: probe, file };
}

const WALL_SLACK_MS = 3600_000;
/**
 * When the kill lines agree to the kB, the event times may still differ: a copy cut by a rotation starts
 * at its first surviving line, not at the header. A report spans seconds (minutes in a slow syslog).
 */
const SAME_REPORT_UPTIME_SLACK_S = 600;

export interface KillFacts {
  host: string | null;
  uptime: number | null;
  wallMs: number | null;
  victim: string;
}

export function killFacts(e: OomEvent): KillFacts {
  return { host: e.host, uptime: e.time.uptime, wallMs: e.time.wall !== null ? Date.parse(e.time.wall) : null, victim: victimOf(e) };
}

export function sameKill(a: KillFacts, b: KillFacts, killLinesAgree: boolean): boolean {
  if (a.host !== null && b.host !== null && a.host !== b.host) return false;
  const uptimeSlack = killLinesAgree ? SAME_REPORT_UPTIME_SLACK_S : 1e-6;
  if (a.uptime !== null && b.uptime !== null && Math.abs(a.uptime - b.uptime) > uptimeSlack) return false;
  if (a.wallMs !== null && b.wallMs !== null && Math.abs(a.wallMs - b.wallMs) > WALL_SLACK_MS) return false;
  return a.victim === b.victim;
}

function richness(e: OomEvent): number {
  // A copy with the kill line always wins over one cut before it (a rotation or a truncated file).
  return (e.kills.length > 0 ? 16 : 0) + (e.complete ? 8 : 0) + (e.host !== null ? 4 : 0) + (e.time.wall !== null ? 2 : 0) + (e.tasks !== null ? 1 : 0) - e.missing.length / 100;
}

/** Merges copy `b` into the kept `a`; `seen` holds the keys of `a.sources` and is updated (the list is appended, not rebuilt). */
function merge(a: OomEvent, b: OomEvent, seen: Set<string>): OomEvent {
  const [best, other] = richness(b) > richness(a) ? [b, a] : [a, b];
  const sources = a.sources ?? [a.source];
  for (const s of b.sources ?? [b.source]) {
    const k = sourceKey(s);
    if (seen.has(k)) continue;
    seen.add(k);
    sources.push(s);
  }
  // The kept copy's own source first: it is `source`.
  if (best !== a) {
    const i = sources.findIndex((s) => sourceKey(s) === sourceKey(best.source));
    if (i > 0) sources.unshift(...sources.splice(i, 1));
  }
  return {
    ...best,
    host: best.host ?? other.host,
    time: { uptime: best.time.uptime ?? other.time.uptime, wall: best.time.wall ?? other.time.wall },
    sources,
  };
}
