/**
 * Passes on what several inputs scanned at the same time report, in the order a scan one by one would:
 * what input i reports goes through at once when every input before i is finished, else it is held until
 * they are. Used by the worker pool (parallel-scan.ts) and by the overlapped scan in this thread (overlapped-scan.ts).
 */
import type { OomEvent } from "../events/oom-event.js";
import type { InputInfo } from "../scan/scan-input.js";
import type { Warning } from "../warning.js";

/**
 * Events and warnings held for an input that is read ahead of an earlier one, beyond which its read waits for the
 * earlier ones to finish: a few hundred kills (~20 KB each with its task table), where a syslog holds a few.
 */
export const MAX_HELD = 256;

export type ScanItem = { kind: "event"; value: OomEvent } | { kind: "warning"; value: Warning };

export class InOrder {
  private readonly infos: Array<InputInfo | undefined>;
  private readonly held: ScanItem[][];
  /** The first input not finished: its items go straight through. */
  private head = 0;
  /** Scans waiting (ready) for the head to move. */
  private waiting: Array<() => void> = [];

  /** `maxHeld`: items held for one input beyond which `ready` makes its scan wait. */
  constructor(count: number, private readonly pass: (item: ScanItem) => void, private readonly maxHeld = MAX_HELD) {
    this.infos = new Array(count);
    this.held = Array.from({ length: count }, () => []);
  }

  item(index: number, item: ScanItem): void {
    if (index === this.head) this.pass(item);
    else this.held[index].push(item);
  }

  done(index: number, info: InputInfo): void {
    this.infos[index] = info;
    const head = this.head;
    while (this.head < this.infos.length && this.infos[this.head] !== undefined) {
      this.head++;
      if (this.head < this.infos.length) {
        for (const item of this.held[this.head]) this.pass(item);
        this.held[this.head] = [];
      }
    }
    if (this.head !== head) {
      const waiting = this.waiting;
      this.waiting = [];
      for (const wake of waiting) wake();
    }
  }

  /**
   * Null when input `index` may be read on, else a promise that settles when the head has moved (then ask again):
   * an input after the head that already has `maxHeld` items waiting waits too. Held whole, the events of logs made
   * only of OOM reports, read four at a time, grew without bound (4 × 64 MiB of them gzip'd: 377 MB peak RSS).
   */
  ready(index: number): Promise<void> | null {
    if (index === this.head || this.held[index].length < this.maxHeld) return null;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** The summaries, in input order (every input must be done). */
  summaries(): InputInfo[] {
    return this.infos as InputInfo[];
  }
}
