import type { ContainerIdentity, Kill, OomEvent } from "../events/oom-event.js";
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
 * kill until the input ends (a group needs all its kills). The task table's presence is kept (dedupe prefers
 * a copy with one), not its rows; no Mem-Info, memcg stats or counters, gfp flags, kernel version. Kept whole, the
 * 7,685 events of a log made only of OOM reports held ~160 MiB; cut so, ~1.5 KB each.
 *
 * Each slimmer keeps one copy of each distinct text: a workload killed again and again shows the same host,
 * constraint, names and cgroup paths at every kill (15,370 kills of the bench's text: 2,424 → 2,047 bytes a kill kept).
 */
export function reportSlimmer(): (e: OomEvent) => OomEvent {
  const texts = new Map<string, string>();
  const keep = <T extends string | null | undefined>(s: T): T => {
    if (typeof s !== "string") return s;
    let kept = texts.get(s);
    if (kept === undefined) {
      kept = ownCopy(s);
      if (texts.size < MAX_KEPT_TEXTS) texts.set(kept, kept);
    }
    return kept as T;
  };
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

interface Member {
  event: OomEvent;
  kill: Kill;
  host: string;
  order: number;
}

/**
 * The frequency report: events deduplicated across files, filtered (`--since/--until` on wall time,
 * `--killer`), and every kill put in the group of its recurring failure (same killer, victim comm,
 * constraint and masked cgroup). Group counts sum to `totals.kills`. Events whose report was cut
 * before its kill line count in `totals.events` but belong to no group. Pure; never throws on odd events.
 */
export function buildReport(events: OomEvent[], opts: BuildReportOptions = {}): Report {
  const warnings: Warning[] = [...(opts.warnings ?? [])];
  const readable = events.filter(readableEvent);
  let kept = opts.deduplicated ? readable : dedupeEvents(readable);

  if (opts.killer) kept = kept.filter((e) => e.killer === opts.killer);
  const since = opts.since ?? null;
  const until = opts.until ?? null;
  if (since || until) {
    let unplaced = 0;
    kept = kept.filter((e) => {
      const ms = e.time.wall !== null ? Date.parse(e.time.wall) : NaN;
      if (Number.isNaN(ms)) {
        unplaced++;
        return false;
      }
      return (!since || ms >= since.getTime()) && (!until || ms < until.getTime());
    });
    if (unplaced > 0) {
      warnings.push({
        path: "-",
        message: `${unplaced} event(s) without a wall-clock time left out by --since/--until (give --boot-time for raw dmesg)`,
      });
    }
  }

  const hostOf = (e: OomEvent): string =>
    e.host ?? sourcesOf(e).map((s) => hostFromPath(s.path)).find((h) => h !== null) ?? "unknown";

  const byKey = new Map<string, { key: GroupKey; members: Member[] }>();
  let order = 0;
  let kills = 0;
  const hosts = new Set<string>();
  for (const event of kept) {
    const host = hostOf(event);
    hosts.add(host);
    for (const kill of event.kills) {
      kills++;
      const key = groupKey(event, kill);
      const fp = fingerprint(key);
      const slot = byKey.get(fp) ?? { key, members: [] };
      if (slot.members.length === 0) byKey.set(fp, slot);
      slot.members.push({ event, kill, host, order: order++ });
    }
  }

  const groups = [...byKey.entries()].map(([fp, { key, members }]) => makeGroup(fp, key, members));
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
    totals: { events: kept.length, kills, hosts: hosts.size, groups: groups.length },
    groups,
  };
}

function makeGroup(fp: string, key: GroupKey, members: Member[]): Group {
  sortMembers(members);
  const walls = members.map((m) => m.event.time.wall).filter((w): w is string => w !== null);
  const identities = members
    .map((m) => m.event.memcg?.container ?? identityOf(killCgroup(m.event, m.kill)))
    .filter((c): c is ContainerIdentity => c !== null);
  const limits = members.map((m) => m.event.memcg?.limitKb ?? null).filter((x): x is number => x !== null);
  const numbers = (f: (m: Member) => number | null | undefined) =>
    members.map(f).filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  const first = members[0];
  const last = members[members.length - 1];
  return {
    fingerprint: fp,
    killer: key.killer,
    comm: key.comm,
    constraint: key.constraint,
    cgroupPattern: key.cgroupPattern,
    container: {
      runtime: identities.find((c) => c.runtime !== null)?.runtime ?? null,
      ids: unique(identities.map((c) => c.id)),
      podUids: unique(identities.map((c) => c.podUid)),
    },
    hosts: unique(members.map((m) => m.host)).sort(),
    count: members.length,
    firstSeen: walls.length > 0 ? walls.reduce((a, b) => (b < a ? b : a)) : null,
    lastSeen: walls.length > 0 ? walls.reduce((a, b) => (b > a ? b : a)) : null,
    intervalSeconds: spread(intervals(members)),
    limitKb: limits.length > 0 ? limits[limits.length - 1] : null,
    anonRssKb: spread(numbers((m) => m.kill.anonRssKb)),
    usageKb: spread(numbers((m) => m.event.memcg?.usageKb)),
    eventIds: unique(members.map((m) => m.event.id)),
    kills: members.map(
      (m): GroupKill => ({
        eventId: m.event.id,
        host: m.host,
        wall: m.event.time.wall,
        uptime: m.event.time.uptime,
        pid: m.kill.pid,
        anonRssKb: m.kill.anonRssKb,
        usageKb: m.event.memcg?.usageKb ?? null,
        limitKb: m.event.memcg?.limitKb ?? null,
      }),
    ),
    evidence: { first: evidenceOf(first), last: evidenceOf(last) },
  };
}

/** Oldest first: by wall time when every kill has one, else by host, boot and uptime (input order breaks ties). */
function sortMembers(members: Member[]): void {
  const allWall = members.every((m) => m.event.time.wall !== null);
  members.sort((a, b) => {
    if (allWall) return Date.parse(a.event.time.wall!) - Date.parse(b.event.time.wall!) || a.order - b.order;
    if (a.host !== b.host) return a.host < b.host ? -1 : 1;
    if (a.event.boot !== b.event.boot) return a.event.boot - b.event.boot;
    const ua = a.event.time.uptime;
    const ub = b.event.time.uptime;
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
    const a = members[i - 1].event;
    const b = members[i].event;
    if (a === b) continue; // several tasks of one memory.oom.group kill
    const byUptime = a.time.uptime !== null && b.time.uptime !== null ? Math.abs(b.time.uptime - a.time.uptime) : null;
    const byWall = a.time.wall !== null && b.time.wall !== null ? Math.abs(Date.parse(b.time.wall) - Date.parse(a.time.wall)) / 1000 : null;
    const sameBoot = members[i - 1].host === members[i].host && a.boot === b.boot && a.source.path === b.source.path;
    if (byUptime !== null && (byWall !== null ? Math.abs(byUptime - byWall) <= 2 : sameBoot)) out.push(roundMs(byUptime));
    else if (byWall !== null) out.push(roundMs(byWall));
  }
  return out;
}

function evidenceOf(m: Member) {
  return {
    eventId: m.event.id,
    path: m.event.source.path,
    lineStart: m.event.source.lineStart,
    lineEnd: m.event.source.lineEnd,
    text: m.kill.line ?? null,
  };
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
