import type { ContainerIdentity, OomEvent } from "../events/oom-event.js";
import type { Warning } from "../warning.js";
import { containerIdentity } from "../cgroup/container-identity.js";
import { dedupeEvents, NONE, sourcesOf } from "./dedupe.js";
import { fingerprint, groupKey, killCgroup, type GroupKey } from "./fingerprint.js";
import { hostFromPath } from "./host-from-path.js";
import { ownCopy } from "./own-copy.js";
import { roundMs, spread } from "./stats.js";
import { REPORT_SCHEMA, type BuildReportOptions, type Group, type GroupKill, type Report } from "./report-types.js";

/**
 * What a report reads of an event (buildReport, dedupe, heap linking), and nothing else: `report` keeps every kept
 * kill until the input ends (a group needs all its kills), on disk, and reads each back when another copy of it comes
 * and when the report is made. The task table's presence is kept (dedupe prefers a copy with one), not its rows; no
 * Mem-Info, memcg stats or counters, gfp flags, kernel version: whole, an event of a log made only of OOM reports was
 * ~20 KB; cut so, ~1.5 KB.
 *
 * Each slimmer keeps one copy of each distinct text: a workload killed again and again shows the same host,
 * constraint, names and cgroup paths at every kill (the ones merged last stay in memory).
 */
export function reportSlimmer(): (e: OomEvent) => OomEvent {
  const texts = new TextPool(ownCopy);
  const keep = <T extends string | null | undefined>(s: T): T => (typeof s === "string" ? texts.keep(s) : s);
  const keepIdentity = (c: ContainerIdentity): ContainerIdentity => {
    const kept: ContainerIdentity = { runtime: keep(c.runtime), id: keep(c.id), podUid: keep(c.podUid) };
    if (c.qos !== undefined) kept.qos = keep(c.qos);
    if (c.unit !== undefined) kept.unit = keep(c.unit);
    if (c.outer !== undefined) kept.outer = c.outer && keepIdentity(c.outer);
    return kept;
  };
  return (e) => {
    const m = e.memcg;
    return {
      id: e.id,
      killer: keep(e.killer),
      kind: e.kind,
      complete: e.complete,
      missing: e.missing.length === 0 ? NONE : e.missing,
      source: e.source,
      ...(e.sources ? { sources: e.sources } : {}),
      host: keep(e.host),
      boot: e.boot,
      time: e.time,
      kernelVersion: null,
      trigger: e.trigger && { comm: keep(e.trigger.comm), pid: e.trigger.pid, gfpMask: null, gfpFlags: null, order: null, oomScoreAdj: null },
      constraint: keep(e.constraint),
      memcg: m && {
        oomPath: keep(m.oomPath), taskPath: keep(m.taskPath), usageKb: m.usageKb, limitKb: m.limitKb, failcnt: null,
        swap: null, kmem: null, stats: null,
        container: m.container && keepIdentity(m.container),
      },
      memInfo: null,
      tasks: e.tasks === null ? null : (NONE as []),
      kills: e.kills.map((k) => ({
        pid: k.pid, comm: keep(k.comm) ?? "", uid: null, score: null, totalVmKb: k.totalVmKb, anonRssKb: k.anonRssKb,
        fileRssKb: k.fileRssKb, shmemRssKb: null, pgtablesKb: null, oomScoreAdj: null, reaped: null,
        ...(k.cgroup !== undefined ? { cgroup: keep(k.cgroup) } : {}),
        // The kill line differs at every kill (pid, sizes): copied, not kept in the map.
        ...(k.line !== undefined ? { line: ownCopy(k.line) } : {}),
      })),
      panic: e.panic && { message: ownCopy(e.panic.message) ?? "" },
    };
  };
}

/** Distinct texts one slimmer keeps a copy of, at most; past it, texts are only copied (a damaged log of random names). */
const MAX_KEPT_TEXTS = 16_384;

/** An event a report can read (an `--events` stream may hold anything). */
export function readableEvent(e: OomEvent): boolean {
  return Boolean(e) && Array.isArray(e.kills);
}

/** Kept events read one at a time, by position (an EventDeduper: its copies may be on disk). */
export interface KeptEvents {
  readonly size: number;
  kept(position: number): OomEvent;
}

/**
 * One kill of a group: the kill as the report lists it, what else the group's summary reads of its event, and where
 * to read the event again (its evidence). Kept for every kill until its group is made: the event itself stays where
 * it is kept (on disk in `report`), so a kill costs this record, not its event's ~1.5 KB.
 */
interface Member {
  kill: GroupKill;
  /** The event's position in the kept events, and the kill's in its `kills`. */
  position: number;
  killIndex: number;
  order: number;
  /** Date.parse(wall); NaN without one. */
  wallMs: number;
  boot: number;
  path: string;
  runtime: string | null;
  containerId: string | null;
  podUid: string | null;
}

/**
 * The frequency report: events deduplicated across files, filtered (`--since/--until` on wall time,
 * `--killer`), and every kill put in the group of its recurring failure (same killer, victim comm,
 * constraint and masked cgroup). Group counts sum to `totals.kills`. Events whose report was cut
 * before its kill line count in `totals.events` but belong to no group. Pure; never throws on odd events.
 */
export function buildReport(events: OomEvent[], opts: BuildReportOptions = {}): Report {
  const readable = events.filter(readableEvent);
  return reportOfKept(keptArray(opts.deduplicated ? readable : dedupeEvents(readable)), opts);
}

/** Events in an array as KeptEvents. */
export function keptArray(events: OomEvent[]): KeptEvents {
  return { size: events.length, kept: (position) => events[position] };
}

/**
 * buildReport over events already deduplicated and read one at a time (`report` reads them back from disk): events a
 * report can read (readableEvent), as the deduper was given them.
 */
export function reportOfKept(kept: KeptEvents, opts: BuildReportOptions = {}): Report {
  const warnings: Warning[] = [...(opts.warnings ?? [])];
  const since = opts.since ?? null;
  const until = opts.until ?? null;
  // Each member's texts (host, path, container ids) once per distinct text: events read back from disk bring their own.
  const texts = new TextPool();
  const hostOf = (e: OomEvent): string =>
    texts.keep(e.host ?? sourcesOf(e).map((s) => hostFromPath(s.path)).find((h) => h !== null) ?? "unknown");

  const byKey = new Map<string, { key: GroupKey; members: Member[] }>();
  let order = 0;
  let events = 0;
  let kills = 0;
  let unplaced = 0;
  const hosts = new Set<string>();
  for (let position = 0; position < kept.size; position++) {
    const event = kept.kept(position);
    if (opts.killer && event.killer !== opts.killer) continue;
    const wallMs = event.time.wall !== null ? Date.parse(event.time.wall) : NaN;
    if (since || until) {
      if (Number.isNaN(wallMs)) {
        unplaced++;
        continue;
      }
      if ((since && wallMs < since.getTime()) || (until && wallMs >= until.getTime())) continue;
    }
    events++;
    const host = hostOf(event);
    hosts.add(host);
    event.kills.forEach((kill, k) => {
      kills++;
      const key = groupKey(event, kill);
      const fp = fingerprint(key);
      const slot = byKey.get(fp) ?? { key, members: [] };
      if (slot.members.length === 0) byKey.set(fp, slot);
      const identity = event.memcg?.container ?? identityOf(killCgroup(event, kill));
      const listed: GroupKill = {
        eventId: event.id,
        host,
        wall: event.time.wall,
        uptime: event.time.uptime,
        pid: kill.pid,
        anonRssKb: kill.anonRssKb,
        usageKb: event.memcg?.usageKb ?? null,
        limitKb: event.memcg?.limitKb ?? null,
      };
      slot.members.push({
        kill: listed, position, killIndex: k, order: order++, wallMs, boot: event.boot, path: texts.keep(event.source.path),
        runtime: texts.keep(identity?.runtime ?? null), containerId: texts.keep(identity?.id ?? null), podUid: texts.keep(identity?.podUid ?? null),
      });
    });
  }
  if (unplaced > 0) {
    warnings.push({
      path: "-",
      message: `${unplaced} event(s) without a wall-clock time left out by --since/--until (give --boot-time for raw dmesg)`,
    });
  }

  // Each group's members are let go once it is made: only its summary and kill list stay.
  const groups = [...byKey].map(([fp, slot]) => {
    const group = makeGroup(fp, slot.key, slot.members, kept);
    slot.members = [];
    return group;
  });
  groups.sort(
    (a, b) =>
      b.count - a.count ||
      compareDesc(a.lastSeen, b.lastSeen) ||
      lastUptime(b) - lastUptime(a) ||
      (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0),
  );

  return {
    schema: REPORT_SCHEMA,
    inputs: opts.inputs ?? [],
    warnings,
    totals: { events, kills, hosts: hosts.size, groups: groups.length },
    groups,
  };
}

function makeGroup(fp: string, key: GroupKey, members: Member[], kept: KeptEvents): Group {
  sortMembers(members);
  const kills = members.map((m) => m.kill);
  const walls = kills.map((k) => k.wall).filter((w): w is string => w !== null);
  const limits = kills.map((k) => k.limitKb).filter((x): x is number => x !== null);
  const numbers = (f: (k: GroupKill) => number | null | undefined) =>
    kills.map(f).filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  const first = members[0];
  const last = members[members.length - 1];
  return {
    fingerprint: fp,
    killer: key.killer,
    comm: key.comm,
    constraint: key.constraint,
    cgroupPattern: key.cgroupPattern,
    container: {
      runtime: members.find((m) => m.runtime !== null)?.runtime ?? null,
      ids: unique(members.map((m) => m.containerId)),
      podUids: unique(members.map((m) => m.podUid)),
    },
    hosts: unique(kills.map((k) => k.host)).sort(),
    count: members.length,
    firstSeen: walls.length > 0 ? walls.reduce((a, b) => (b < a ? b : a)) : null,
    lastSeen: walls.length > 0 ? walls.reduce((a, b) => (b > a ? b : a)) : null,
    intervalSeconds: spread(intervals(members)),
    limitKb: limits.length > 0 ? limits[limits.length - 1] : null,
    anonRssKb: spread(numbers((k) => k.anonRssKb)),
    usageKb: spread(numbers((k) => k.usageKb)),
    eventIds: unique(kills.map((k) => k.eventId)),
    kills,
    evidence: { first: evidenceOf(first, kept), last: evidenceOf(last, kept) },
  };
}

/** Oldest first: by wall time when every kill has one, else by host, boot and uptime (input order breaks ties). */
function sortMembers(members: Member[]): void {
  const allWall = members.every((m) => m.kill.wall !== null);
  members.sort((a, b) => {
    if (allWall) return a.wallMs - b.wallMs || a.order - b.order;
    if (a.kill.host !== b.kill.host) return a.kill.host < b.kill.host ? -1 : 1;
    if (a.boot !== b.boot) return a.boot - b.boot;
    const ua = a.kill.uptime;
    const ub = b.kill.uptime;
    if (ua !== null && ub !== null && ua !== ub) return ua - ub;
    return a.order - b.order;
  });
}

/**
 * Seconds between consecutive kills of a group. Uptime is printed to the microsecond and wall time
 * often only to the second (syslog, `dmesg -T`), so uptime is preferred when it is comparable: when
 * both kills also carry wall times that agree with it (within 2 s: `dmesg -T` drifts after suspend),
 * or, without wall times, when both come from one host, boot and file. Else the wall-time difference.
 */
function intervals(members: Member[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < members.length; i++) {
    const a = members[i - 1];
    const b = members[i];
    if (a.position === b.position) continue; // several tasks of one memory.oom.group kill
    const [ua, ub] = [a.kill.uptime, b.kill.uptime];
    const byUptime = ua !== null && ub !== null ? Math.abs(ub - ua) : null;
    const byWall = a.kill.wall !== null && b.kill.wall !== null ? Math.abs(b.wallMs - a.wallMs) / 1000 : null;
    const sameBoot = a.kill.host === b.kill.host && a.boot === b.boot && a.path === b.path;
    if (byUptime !== null && (byWall !== null ? Math.abs(byUptime - byWall) <= 2 : sameBoot)) out.push(roundMs(byUptime));
    else if (byWall !== null) out.push(roundMs(byWall));
  }
  return out;
}

/** A member's kill line and where its event was read, from its event read again. */
function evidenceOf(m: Member, kept: KeptEvents) {
  const event = kept.kept(m.position);
  return {
    eventId: event.id,
    path: event.source.path,
    lineStart: event.source.lineStart,
    lineEnd: event.source.lineEnd,
    text: event.kills[m.killIndex].line ?? null,
  };
}

/**
 * One copy of each distinct text: a workload killed again and again brings the same host, path, names and container
 * ids at every kill. At most MAX_KEPT_TEXTS; past it, texts are only copied (a damaged log of random names).
 */
class TextPool {
  private readonly texts = new Map<string, string>();

  /** `copy`: how a text seen first is copied (ownCopy: not to keep the log line it was cut from). */
  constructor(private readonly copy: (s: string) => string = (s) => s) {}

  keep<T extends string | null>(s: T): T {
    if (s === null) return s;
    let kept = this.texts.get(s);
    if (kept === undefined) {
      kept = this.copy(s);
      if (this.texts.size < MAX_KEPT_TEXTS) this.texts.set(kept, kept);
    }
    return kept as T;
  }
}

function identityOf(path: string | null): ContainerIdentity | null {
  return path === null ? null : containerIdentity(path);
}

function unique<T>(xs: Array<T | null | undefined>): T[] {
  return [...new Set(xs.filter((x): x is T => x !== null && x !== undefined))];
}

function compareDesc(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? 1 : -1;
}

function lastUptime(g: Group): number {
  return g.kills[g.kills.length - 1]?.uptime ?? -Infinity;
}
