import type { OomEvent } from "../events/oom-event.js";
import type { KeptCopies } from "./dedupe.js";
import { EventSpool } from "./event-spool.js";
import { RecentMap } from "./recent-map.js";

/**
 * The deduper's kept copies on disk (as JSON, in an EventSpool), the ones merged last in memory as well. A run over
 * the logs of a fleet may keep hundreds of thousands of distinct kills; held as objects, each cost ~550 bytes
 * (parse's slim copies) to ~1.6 KB (report's). Read back only when another copy of the kill comes, or at the end.
 *
 * Copies round-trip through JSON: what the deduper's callers read of them is plain data (strings, finite numbers,
 * null, arrays), and an absent field reads as the `undefined` it was.
 */
export class SpooledCopies implements KeptCopies {
  private readonly spool = new EventSpool();
  private count = 0;
  /** Copies set by a merge, written to the spool when they leave (a flood of copies of one kill stays here). */
  private readonly recent: RecentMap<number, OomEvent>;

  /** `recent`: how many copies set by merges stay in memory (tests make it small). */
  constructor(recent = RECENT_COPIES) {
    this.recent = new RecentMap(recent, (position, e) => this.spool.put(position, JSON.stringify(e)));
  }

  get length(): number {
    return this.count;
  }

  push(e: OomEvent): void {
    this.spool.put(this.count++, JSON.stringify(e));
  }

  get(position: number): OomEvent {
    return this.recent.get(position) ?? (JSON.parse(this.spool.get(position)) as OomEvent);
  }

  set(position: number, e: OomEvent): void {
    this.recent.set(position, e);
  }

  /** Removes the spool's file; the copies must not be read afterwards. */
  close(): void {
    this.spool.close();
  }
}

/** Copies set by merges that stay in memory. */
const RECENT_COPIES = 1024;
