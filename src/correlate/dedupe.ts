import type { EventSource, OomEvent } from "../events/oom-event.js";
import { IntMap } from "./int-map.js";
import { NumberColumn } from "./number-column.js";
import { ownCopy } from "./own-copy.js";
import { RecentMap } from "./recent-map.js";

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
 * Where a deduper keeps its kept copies, one per distinct kill, by position: in memory (an array, the default), or
 * on disk for a run that may read more kills than memory holds (SpooledCopies).
 */
export interface KeptCopies {
  readonly length: number;
  /** Keeps `e` at the next position. */
  push(e: OomEvent): void;
  get(position: number): OomEvent;
  /** Replaces the copy kept at `position` (a merge's result). */
  set(position: number, e: OomEvent): void;
}

export interface DeduperOptions {
  /**
   * Told each time a copy becomes the one kept at `position` (a new kill, or a richer copy of a known one). The
   * kept event at a position is then the last copy given to onBest, with the `host`, `time` and `sources` of
   * `kept(position)`.
   */
  onBest?: (position: number, e: OomEvent) => void;
  /**
   * Shrinks what the deduper keeps to what its caller reads later (slimForDedupe, reportSlimmer); returns a new
   * object (the deduper sets its `sources`). By default a shallow copy.
   */
  slim?: (e: OomEvent) => OomEvent;
  /** Where the kept copies go (default: an array). */
  store?: KeptCopies;
  /** Kills under one key beyond which they are also kept by time (Positions); tests set it. */
  longList?: number;
  /** The index's bucket for a key's 53-bit hash, an integer in [0, 2^31); tests put every key in one. */
  bucketOf?: (keyHash: number) => number;
}

/**
 * dedupeEvents one copy at a time, for a caller that does not hold every event (parse --json over gigabytes).
 *
 * Memory per distinct kill counts: `parse` and `report` keep what is here for every kill of a run. The facts
 * compared are numbers in columns (the victim and the keys as 53-bit hashes of their text, the host as the number of
 * its name); the kept copies are in `store`, which may be on disk; what a merge needs beyond that (the keys of a
 * kill's sources) is kept for the kills merged last only.
 */
export class EventDeduper {
  private readonly onBest: (position: number, e: OomEvent) => void;
  private readonly slim: (e: OomEvent) => OomEvent;
  private readonly store: KeptCopies;
  private readonly longList: number;
  private readonly bucketOf: (keyHash: number) => number;

  /**
   * Identity key (identityKeys), by its bucket (bucketOf its hash), → the kept kills filed under it: usually one, as
   * its number; a few, in a plain array; once they are many, kept by time (Positions). Kills of other keys in the
   * same bucket may be filed there too: `earliest` takes only those filed under the key itself (keysOf).
   */
  private readonly index = new IntMap<number[] | Positions>();
  /** Per kept kill, what agree() compares, worked out once: a kill repeated thousands of times is compared as often. */
  private readonly facts = new KillFactsColumns();
  /** Per kept kill, the hashes of its own keys (NaN: it has no such key), and how informative it is (richness). */
  private readonly uptimeKey = new NumberColumn();
  private readonly wallKey = new NumberColumn();
  private readonly killLineKey = new NumberColumn();
  private readonly richness = new NumberColumn();
  /** Per kept kill another copy was merged into, the hashes of the keys it is filed under (its own, every merged copy's). */
  private readonly filedUnder = new Map<number, number[]>();
  /**
   * Per kill merged last, the keys of its sources: a flood of copies of one event (a header repeated 400 000 times
   * in a damaged log) must cost O(1) per copy, not a rebuild of the whole source list. Others rebuild it when merged.
   */
  private readonly sourceKeys = new RecentMap<number, Set<string>>(RECENT_MERGES);

  constructor(opts: DeduperOptions = {}) {
    this.onBest = opts.onBest ?? (() => undefined);
    this.slim = opts.slim ?? ((e) => ({ ...e }));
    this.store = opts.store ?? new KeptArray();
    this.longList = opts.longList ?? LONG_LIST;
    this.bucketOf = opts.bucketOf ?? ((h) => h % 2 ** 30);
  }

  add(e: OomEvent): void {
    const { index, store } = this;
    const facts = this.killFacts(e);
    const keys = identityKeys(e, facts.victim);
    // The earliest kill read that agrees (a host-less copy may agree with the kills of two hosts): by an exact
    // clock, else by the kill line.
    let at = this.earliest(keys.exact, facts, false);
    if (at < 0 && keys.killLine !== null) at = this.earliest([keys.killLine], facts, true);
    const isNew = at < 0;
    let filed = keys.all;
    if (isNew) {
      // A new kill: what is kept has the copy's own victim, clocks and host, so its keys and facts are the copy's.
      at = store.length;
      this.onBest(at, e);
      const kept = this.slim(e);
      kept.sources = [...sourcesOf(e)];
      store.push(kept);
      this.facts.set(at, facts);
      this.uptimeKey.set(at, keys.uptime);
      this.wallKey.set(at, keys.wall);
      this.killLineKey.set(at, keys.killLine ?? NaN);
      this.richness.set(at, richness(kept));
    } else {
      if (richness(e) > this.richness.get(at)) this.onBest(at, e);
      const current = store.get(at);
      let seen = this.sourceKeys.get(at);
      if (seen === undefined) this.sourceKeys.set(at, (seen = new Set(current.sources!.map(sourceKey))));
      const ownKeys = this.keysOf(at);
      const merged = merge(current, this.slim(e), seen);
      store.set(at, merged);
      this.richness.set(at, richness(merged));
      const before = this.facts.get(at);
      const after = this.killFacts(merged);
      this.facts.set(at, after);
      const mergedKeys = identityKeys(merged, after.victim).all;
      const under = [...new Set([...ownKeys, ...filed, ...mergedKeys])];
      this.filedUnder.set(at, under);
      // The kill's clocks may have moved to other time slots (a richer copy's): then it is filed again under every key.
      filed = movedSlot(before, after) ? under : [...filed, ...mergedKeys];
    }
    for (const key of filed) {
      const bucket = this.bucketOf(key);
      const positions = index.get(bucket);
      if (positions === undefined) index.set(bucket, at);
      else if (typeof positions === "number") {
        if (positions !== at) index.set(bucket, [positions, at]);
      } else if (positions instanceof Positions) positions.add(at, isNew, this.facts);
      else if (isNew || !positions.includes(at)) {
        positions.push(at);
        if (positions.length >= this.longList) index.set(bucket, new Positions(positions, this.facts));
      }
    }
  }

  /** The hashes of the keys the kept kill at `pos` is filed under: its own, or, once copies were merged in, theirs too. */
  private keysOf(pos: number): number[] {
    const under = this.filedUnder.get(pos);
    if (under !== undefined) return under;
    const own = [this.uptimeKey.get(pos), this.wallKey.get(pos), this.killLineKey.get(pos)];
    return own.filter((k) => !Number.isNaN(k));
  }

  /** Hosts by number, so that a kill's facts hold a number (-1: no host). */
  private readonly hosts = new Map<string, number>();

  private killFacts(e: OomEvent): KillFacts {
    let host = -1;
    if (e.host !== null) {
      const known = this.hosts.get(e.host);
      if (known !== undefined) host = known;
      else this.hosts.set(e.host, (host = this.hosts.size));
    }
    return {
      host,
      uptime: e.time.uptime ?? NaN,
      wallMs: e.time.wall !== null ? Date.parse(e.time.wall) : NaN,
      victim: hash53(victimOf(e)),
    };
  }

  /** The first kept kill filed under one of `keys` whose facts agree with `facts` (KillFactsColumns.agree), or -1. */
  private earliest(keys: number[], facts: KillFacts, killLinesAgree: boolean): number {
    let at = -1;
    let key = 0;
    const take = (pos: number) => {
      if ((at < 0 || pos < at) && this.facts.agree(pos, facts, killLinesAgree) && this.keysOf(pos).includes(key)) at = pos;
    };
    for (key of keys) {
      const positions = this.index.get(this.bucketOf(key));
      if (typeof positions === "number") take(positions);
      else if (positions instanceof Positions) positions.forEachNear(facts, take);
      else if (positions !== undefined) for (const pos of positions) take(pos);
    }
    return at;
  }

  /** How many kills are kept. */
  get size(): number {
    return this.store.length;
  }

  /** The copy kept at `position` (its host, clocks and sources are those of every copy merged into it). */
  kept(position: number): OomEvent {
    return this.store.get(position);
  }

  /** The kept events, in the order their kills were first read (all in memory: for callers that keep them so). */
  events(): OomEvent[] {
    return Array.from({ length: this.size }, (_, i) => this.kept(i));
  }

  /** Whether another copy was merged into the kill kept at `position` (else it is the one copy given to onBest). */
  merged(position: number): boolean {
    return this.filedUnder.has(position);
  }
}

/** Kept copies in memory. */
class KeptArray implements KeptCopies {
  private readonly copies: OomEvent[] = [];

  get length(): number {
    return this.copies.length;
  }

  push(e: OomEvent): void {
    this.copies.push(e);
  }

  get(position: number): OomEvent {
    return this.copies[position];
  }

  set(position: number, e: OomEvent): void {
    this.copies[position] = e;
  }
}

/** Kills merged last whose sources' keys are kept (EventDeduper.sourceKeys). */
const RECENT_MERGES = 1024;

/**
 * The kept kills filed under one key. A key's kills usually number one; when they grow many (one kill line at every
 * restart of a job killed at its limit; reports replayed with their uptimes, as in the bench) they are also kept
 * by time: by the hour of their wall time and by ten-minute slots of their uptime, each with the kills that lack that
 * clock. A copy with wall time is compared with the kills of its hour and the hours next to it and those without
 * wall time; one with only uptime, likewise by uptime: agree() turns every other kill down (wall times over an hour
 * apart, uptimes over ten minutes). Without that, each new kill was compared with every earlier one of its key:
 * quadratic (the bench's 7,685 replayed reports: ~650,000 comparisons).
 *
 * A kill is filed by its clocks when filed; one whose clocks move to another slot (a merged copy's) is filed again
 * (EventDeduper.add), and its old places stay: a superset is never wrong, agree() decides.
 */
class Positions {
  /** Every kill filed under the key, in ascending order (a new kill has the highest position yet). */
  private readonly all: number[];
  private readonly byHour = new Slots();
  private readonly byUptime = new Slots();

  /** `filed`: the kills filed under the key so far. */
  constructor(filed: number[], facts: KillFactsColumns) {
    this.all = [...filed].sort((a, b) => a - b);
    for (const p of this.all) this.file(p, facts, true);
  }

  /** Files `pos` (`isNew`: it cannot be here yet) by its kill's clocks in `facts`. */
  add(pos: number, isNew: boolean, facts: KillFactsColumns): void {
    let known = false;
    if (isNew) this.all.push(pos);
    else {
      // A merged kill filed again: found by bisection (a set of members cost ~30 bytes a kill).
      let lo = 0;
      let hi = this.all.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.all[mid] < pos) lo = mid + 1;
        else hi = mid;
      }
      known = this.all[lo] === pos;
      if (!known) this.all.splice(lo, 0, pos);
    }
    this.file(pos, facts, !known);
  }

  private file(pos: number, facts: KillFactsColumns, isNew: boolean): void {
    this.byHour.add(timeSlot(facts.wallMs.get(pos), WALL_SLACK_MS), pos, isNew);
    this.byUptime.add(timeSlot(facts.uptime.get(pos), SAME_REPORT_UPTIME_SLACK_S), pos, isNew);
  }

  /**
   * Calls `fn` with every position whose kill's clocks may agree with `f`'s (and maybe others). Either clock alone
   * bounds them; with both, the one whose slots hold fewer kills is used (reports replayed within one hour differ
   * only by uptime; a kill line repeated across days by wall time too).
   */
  forEachNear(f: KillFacts, fn: (pos: number) => void): void {
    const hour = timeSlot(f.wallMs, WALL_SLACK_MS);
    const slot = timeSlot(f.uptime, SAME_REPORT_UPTIME_SLACK_S);
    if (hour !== null && slot !== null) {
      if (this.byHour.countNear(hour) <= this.byUptime.countNear(slot)) this.byHour.forEachNear(hour, fn);
      else this.byUptime.forEachNear(slot, fn);
    } else if (hour !== null) this.byHour.forEachNear(hour, fn);
    else if (slot !== null) this.byUptime.forEachNear(slot, fn);
    else for (const p of this.all) fn(p);
  }
}

/**
 * Positions by time slot, and those whose kill lacks that clock. A slot usually holds one kill (reports ten minutes
 * of uptime apart): kept as its number, not an array (~150 bytes a kill).
 */
class Slots {
  private readonly bySlot = new Map<number, number | number[]>();
  private readonly without: number[] = [];

  add(slot: number | null, pos: number, isNew: boolean): void {
    if (slot === null) {
      if (isNew || !this.without.includes(pos)) this.without.push(pos);
      return;
    }
    const list = this.bySlot.get(slot);
    if (list === undefined) this.bySlot.set(slot, pos);
    else if (typeof list === "number") {
      if (list !== pos) this.bySlot.set(slot, [list, pos]);
    } else if (isNew || !list.includes(pos)) list.push(pos);
  }

  /** How many positions forEachNear(slot) visits. */
  countNear(slot: number): number {
    let n = this.without.length;
    for (const s of [slot - 1, slot, slot + 1]) {
      const list = this.bySlot.get(s);
      n += list === undefined ? 0 : typeof list === "number" ? 1 : list.length;
    }
    return n;
  }

  /** The positions of `slot` and the slots next to it, and those without the clock. */
  forEachNear(slot: number, fn: (pos: number) => void): void {
    for (const s of [slot - 1, slot, slot + 1]) {
      const list = this.bySlot.get(s);
      if (typeof list === "number") fn(list);
      else if (list !== undefined) for (const p of list) fn(p);
    }
    for (const p of this.without) fn(p);
  }
}

/** Kills under one key beyond which they are also kept by time. */
const LONG_LIST = 32;

/** Whether a kill's clocks moved to another time slot from `before` to `after`. */
function movedSlot(before: KillFacts, after: KillFacts): boolean {
  return timeSlot(before.uptime, SAME_REPORT_UPTIME_SLACK_S) !== timeSlot(after.uptime, SAME_REPORT_UPTIME_SLACK_S) ||
    timeSlot(before.wallMs, WALL_SLACK_MS) !== timeSlot(after.wallMs, WALL_SLACK_MS);
}

/**
 * The slot (`width` wide) of a clock; null when there is none (NaN), or none that is a finite number: Infinity
 * agrees with nothing else, so it is kept with the kills that lack the clock, which every copy looks at.
 */
function timeSlot(value: number, width: number): number | null {
  return Number.isFinite(value) ? Math.floor(value / width) : null;
}

/**
 * What EventDeduper reads of an event (victim, clocks, host, sources, completeness) and nothing else: the task
 * table (its presence kept, for richness), Mem-Info, memcg, the trigger's flags and the verbatim lines stay out.
 * For a caller that keeps the full copies elsewhere (parse's spool); the result is not an event to print. Kept for
 * every kill of a run: names are copied out of their log lines, and an empty `missing` or task table is one shared
 * array.
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
    missing: e.missing.length === 0 ? NONE : e.missing,
    source: e.source,
    sources: e.sources,
    host: ownCopy(e.host),
    time: e.time,
    trigger: e.trigger && { pid: e.trigger.pid, comm: ownCopy(e.trigger.comm) },
    kills: e.kills.map((k) => ({ pid: k.pid, comm: ownCopy(k.comm), cgroup: ownCopy(k.cgroup), totalVmKb: k.totalVmKb, anonRssKb: k.anonRssKb, fileRssKb: k.fileRssKb })),
    tasks: e.tasks === null ? null : (NONE as []),
  };
  return slim as unknown as OomEvent;
}

/** One shared, frozen empty list for the empty `missing` and task tables of slim copies (kept for every kill). */
export const NONE = Object.freeze([]) as unknown as string[];

/** Where a copy was read: its own `sources` (a copy already merged, an --events stream), else its one `source`. */
export function sourcesOf(e: Pick<OomEvent, "source" | "sources">): EventSource[] {
  return e.sources && e.sources.length > 0 ? e.sources : [e.source];
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
 * The keys a copy is filed under (`all`), and those it looks up: its victim at its exact clocks (`exact`: `uptime`,
 * `wall`, NaN without that clock), then its kill line (`killLine`, null without one). Each is the 53-bit hash of its
 * text (hash53): the deduper keeps these numbers for every kill, not the texts. Time, beyond the exact clocks, is not
 * in the keys: Positions sorts a key's kills by it.
 */
function identityKeys(e: OomEvent, victim: number): { exact: number[]; uptime: number; wall: number; killLine: number | null; all: number[] } {
  const uptime = e.time.uptime !== null && Number.isFinite(e.time.uptime) ? hash53(`u|${victim}|${e.time.uptime.toFixed(6)}`) : NaN;
  const wall = e.time.wall !== null ? hash53(`w|${victim}|${e.time.wall}`) : NaN;
  const exact = [uptime, wall].filter((k) => !Number.isNaN(k));
  const k = e.kills[0];
  const killLine = k && k.totalVmKb !== null && k.anonRssKb !== null ? hash53(`k|${victim}|${k.totalVmKb}|${k.anonRssKb}|${k.fileRssKb ?? ""}`) : null;
  return { exact, uptime, wall, killLine, all: killLine === null ? exact : [...exact, killLine] };
}

/**
 * A 53-bit hash of a text (cyrb53: two 32-bit multiply-xorshift lanes): the deduper compares keys and victims by it.
 * Two of a million distinct texts share one with odds of ~1 in 10^4, and a kill is then joined to another only if
 * their hosts and clocks also agree.
 */
export function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (h2 & 0x1fffff) + (h1 >>> 0);
}

const WALL_SLACK_MS = 3600_000;
/**
 * When the kill lines agree to the kB, the event times may still differ: a copy cut by a rotation starts
 * at its first surviving line, not at the header. A report spans seconds (minutes in a slow syslog).
 */
const SAME_REPORT_UPTIME_SLACK_S = 600;

/** What KillFactsColumns.agree compares of a kill. A missing clock is NaN: it agrees with any time (an unreadable one too). */
interface KillFacts {
  /** The number of its host (EventDeduper.hosts); -1 without one. */
  host: number;
  uptime: number;
  wallMs: number;
  /** hash53 of victimOf. */
  victim: number;
}

/** KillFacts per kept kill, in columns. */
class KillFactsColumns {
  readonly host = new NumberColumn();
  readonly uptime = new NumberColumn();
  readonly wallMs = new NumberColumn();
  readonly victim = new NumberColumn();

  set(pos: number, f: KillFacts): void {
    this.host.set(pos, f.host);
    this.uptime.set(pos, f.uptime);
    this.wallMs.set(pos, f.wallMs);
    this.victim.set(pos, f.victim);
  }

  get(pos: number): KillFacts {
    return { host: this.host.get(pos), uptime: this.uptime.get(pos), wallMs: this.wallMs.get(pos), victim: this.victim.get(pos) };
  }

  /** Whether the kill at `pos` and `b` may be one: same host (or either unknown) and victim, clocks within their slack. */
  agree(pos: number, b: KillFacts, killLinesAgree: boolean): boolean {
    const host = this.host.get(pos);
    if (host >= 0 && b.host >= 0 && host !== b.host) return false;
    const uptimeSlack = killLinesAgree ? SAME_REPORT_UPTIME_SLACK_S : 1e-6;
    if (Math.abs(this.uptime.get(pos) - b.uptime) > uptimeSlack) return false;
    if (Math.abs(this.wallMs.get(pos) - b.wallMs) > WALL_SLACK_MS) return false;
    return this.victim.get(pos) === b.victim;
  }
}

function richness(e: OomEvent): number {
  // A copy with the kill line always wins over one cut before it (a rotation or a truncated file).
  return (e.kills.length > 0 ? 16 : 0) + (e.complete ? 8 : 0) + (e.host !== null ? 4 : 0) + (e.time.wall !== null ? 2 : 0) + (e.tasks !== null ? 1 : 0) - e.missing.length / 100;
}

/** Merges copy `b` into the kept `a`; `seen` holds the keys of `a.sources` and is updated (the list is appended, not rebuilt). */
function merge(a: OomEvent, b: OomEvent, seen: Set<string>): OomEvent {
  const [best, other] = richness(b) > richness(a) ? [b, a] : [a, b];
  const sources = a.sources ?? [a.source];
  for (const s of sourcesOf(b)) {
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
