import type { EventSource, OomEvent } from "../events/oom-event.js";
import { ownCopy } from "./own-copy.js";

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
  /**
   * Identity key (identityKeys), by a hash of its text (hashKey), → the kept kills filed under it: usually one, as its
   * number; a few, in a plain array; once they are many, kept by time (Positions). Memory per kill counts: `report`
   * and `parse` keep this for every kill of a run. A hash is a small integer where the key's text and its map entry
   * were ~330 bytes a kill, and a one-element array per key ~120 more. Kills of another key with the same hash may
   * be filed there too: `earliest` takes only those filed under the key itself (keysOf).
   */
  private readonly index = new Map<number, number | number[] | Positions>();
  /** Per kept event, what sameKill compares, worked out once: a kill repeated thousands of times is compared as often. */
  private readonly facts: KillFacts[] = [];
  /** Per kept event another copy was merged into, the keys it is filed under (its own and every merged copy's); else null (its own keys). */
  private readonly filedUnder: Array<string[] | null> = [];

  constructor(
    private readonly onBest: (position: number, e: OomEvent) => void = () => undefined,
    /** Returns a new object (the deduper sets its `sources`): by default a shallow copy. */
    private readonly slim: (e: OomEvent) => OomEvent = (e) => ({ ...e }),
    /** Kills under one key beyond which they are also kept by time (Positions); tests set it. */
    private readonly longList = LONG_LIST,
    /** The index's hash of a key; tests make every key collide. */
    private readonly hashKey: (key: string) => number = keyHash,
  ) {}

  add(e: OomEvent): void {
    const { out, index } = this;
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
      at = out.length;
      this.onBest(at, e);
      const kept = this.slim(e);
      kept.sources = [...sourcesOf(e)];
      out.push(kept);
      this.sourceKeys.push(null);
      this.facts[at] = facts;
      this.filedUnder[at] = null;
    } else {
      if (richness(e) > richness(out[at])) this.onBest(at, e);
      const seen = (this.sourceKeys[at] ??= new Set(out[at].sources!.map(sourceKey)));
      const ownKeys = this.keysOf(at);
      out[at] = merge(out[at], this.slim(e), seen);
      const before = this.facts[at];
      this.facts[at] = this.killFacts(out[at]);
      const mergedKeys = identityKeys(out[at], this.facts[at].victim).all;
      const under = [...new Set([...ownKeys, ...filed, ...mergedKeys])];
      this.filedUnder[at] = under;
      // The kill's clocks may have moved to other time slots (a richer copy's): then it is filed again under every key.
      filed = movedSlot(before, this.facts[at]) ? under : [...filed, ...mergedKeys];
    }
    for (const key of filed) {
      const h = this.hashKey(key);
      const positions = index.get(h);
      if (positions === undefined) index.set(h, at);
      else if (typeof positions === "number") {
        if (positions !== at) index.set(h, [positions, at]);
      } else if (positions instanceof Positions) positions.add(at, isNew, this.facts);
      else if (isNew || !positions.includes(at)) {
        positions.push(at);
        if (positions.length >= this.longList) index.set(h, new Positions(positions, this.facts));
      }
    }
  }

  /** The keys the kept kill at `pos` is filed under: its own, or, once copies were merged into it, theirs too. */
  private keysOf(pos: number): string[] {
    return this.filedUnder[pos] ?? identityKeys(this.out[pos], this.facts[pos].victim).all;
  }

  /**
   * Victims (victimOf) by number, so that the keys and facts of a kill hold a short number and not its victim's text
   * (a container's cgroup path can be a hundred characters) four times over.
   */
  private readonly victims = new Map<string, number>();

  private killFacts(e: OomEvent): KillFacts {
    const victim = victimOf(e);
    let id = this.victims.get(victim);
    if (id === undefined) this.victims.set(victim, (id = this.victims.size));
    return { host: e.host, uptime: e.time.uptime, wallMs: e.time.wall !== null ? Date.parse(e.time.wall) : null, victim: id };
  }

  /** The first kept kill filed under one of `keys` that sameKill takes `facts` for, or -1. */
  private earliest(keys: string[], facts: KillFacts, killLinesAgree: boolean): number {
    let at = -1;
    let key = "";
    const take = (pos: number) => {
      if ((at < 0 || pos < at) && sameKill(this.facts[pos], facts, killLinesAgree) && this.keysOf(pos).includes(key)) at = pos;
    };
    for (key of keys) {
      const positions = this.index.get(this.hashKey(key));
      if (typeof positions === "number") take(positions);
      else if (positions instanceof Positions) positions.forEachNear(facts, take);
      else if (positions !== undefined) for (const pos of positions) take(pos);
    }
    return at;
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
 * The kept kills filed under one key. A key's kills usually number one; when they grow many (one kill line at every
 * restart of a job killed at its limit; reports replayed with their uptimes, as in the bench) they are also kept
 * by time: by the hour of their wall time and by ten-minute slots of their uptime, each with the kills that lack that
 * clock. A copy with wall time is compared with the kills of its hour and the hours next to it and those without
 * wall time; one with only uptime, likewise by uptime: sameKill turns every other kill down (wall times over an hour
 * apart, uptimes over ten minutes). Without that, each new kill was compared with every earlier one of its key:
 * quadratic (the bench's 7,685 replayed reports: ~650,000 comparisons).
 *
 * A kill is filed by its clocks when filed; one whose clocks move to another slot (a merged copy's) is filed again
 * (EventDeduper.add), and its old places stay: a superset is never wrong, sameKill decides.
 */
class Positions {
  private readonly members: Set<number>;
  private readonly byHour = new Slots();
  private readonly byUptime = new Slots();

  /** `all`: the kills filed under the key so far, in filing order (kept and grown here). */
  constructor(private readonly all: number[], facts: KillFacts[]) {
    this.members = new Set(all);
    for (const p of all) this.file(p, facts[p], true);
  }

  /** Files `pos` (`isNew`: it cannot be here yet) by its kill's clocks in `facts`. */
  add(pos: number, isNew: boolean, facts: KillFacts[]): void {
    const known = !isNew && this.members.has(pos);
    if (!known) {
      this.all.push(pos);
      this.members.add(pos);
    }
    this.file(pos, facts[pos], !known);
  }

  private file(pos: number, f: KillFacts, isNew: boolean): void {
    this.byHour.add(timeSlot(f.wallMs, WALL_SLACK_MS), pos, isNew);
    this.byUptime.add(timeSlot(f.uptime, SAME_REPORT_UPTIME_SLACK_S), pos, isNew);
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

/** Positions by time slot, and those whose kill lacks that clock. */
class Slots {
  private readonly bySlot = new Map<number, number[]>();
  private readonly without: number[] = [];

  add(slot: number | null, pos: number, isNew: boolean): void {
    let list = slot === null ? this.without : this.bySlot.get(slot);
    if (list === undefined) this.bySlot.set(slot!, (list = []));
    if (isNew || !list.includes(pos)) list.push(pos);
  }

  /** How many positions forEachNear(slot) visits. */
  countNear(slot: number): number {
    let n = this.without.length;
    for (const s of [slot - 1, slot, slot + 1]) n += this.bySlot.get(s)?.length ?? 0;
    return n;
  }

  /** The positions of `slot` and the slots next to it, and those without the clock. */
  forEachNear(slot: number, fn: (pos: number) => void): void {
    for (const s of [slot - 1, slot, slot + 1]) for (const p of this.bySlot.get(s) ?? []) fn(p);
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
 * The slot (`width` wide) of a clock; null when there is none, or none that is a finite number: NaN bounds nothing
 * (sameKill lets it agree with any time) and Infinity agrees with nothing else, so both are kept with the kills
 * that lack the clock, which every copy looks at.
 */
function timeSlot(value: number | null, width: number): number | null {
  return value !== null && Number.isFinite(value) ? Math.floor(value / width) : null;
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
 * The keys a copy is filed under (`all`), and those it looks up: its victim (its number) at its exact clocks (`exact`), then its
 * kill line (`killLine`, null without one). Time, beyond the exact clocks, is not in the keys: Positions sorts a
 * key's kills by it.
 */
function identityKeys(e: OomEvent, victim: number): { exact: string[]; killLine: string | null; all: string[] } {
  const exact: string[] = [];
  if (e.time.uptime !== null && Number.isFinite(e.time.uptime)) exact.push(`u|${victim}|${e.time.uptime.toFixed(6)}`);
  if (e.time.wall !== null) exact.push(`w|${victim}|${e.time.wall}`);
  const k = e.kills[0];
  const killLine = k && k.totalVmKb !== null && k.anonRssKb !== null ? `k|${victim}|${k.totalVmKb}|${k.anonRssKb}|${k.fileRssKb ?? ""}` : null;
  return { exact, killLine, all: killLine === null ? exact : [...exact, killLine] };
}

/** FNV-1a of the key's text, cut to 30 bits: a V8 small integer, so a key costs no number object. */
function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

const WALL_SLACK_MS = 3600_000;
/**
 * When the kill lines agree to the kB, the event times may still differ: a copy cut by a rotation starts
 * at its first surviving line, not at the header. A report spans seconds (minutes in a slow syslog).
 */
const SAME_REPORT_UPTIME_SLACK_S = 600;

interface KillFacts {
  host: string | null;
  uptime: number | null;
  wallMs: number | null;
  /** The victim's number (EventDeduper.victims). */
  victim: number;
}

function sameKill(a: KillFacts, b: KillFacts, killLinesAgree: boolean): boolean {
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
