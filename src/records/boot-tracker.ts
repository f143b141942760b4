/**
 * Boot index of each record, per host (LogRecord.boot).
 *
 * A new boot starts, for the record's host, when:
 *  - the message is the kernel banner `Linux version …` (and the current boot already has records);
 *  - journald's `_BOOT_ID` differs from the previous record's (when both carry one; then the
 *    uptime rule is not used: the id is exact);
 *  - the /dev/kmsg sequence number goes backwards (likewise exact);
 *  - a journalctl `-- Boot … --` / `-- Reboot --` separator preceded the record;
 *  - the uptime goes backwards by more than TOLERANCE_S *and* either
 *      (a) the new uptime is small (< EARLY_BOOT_S: the machine has just booted), or
 *      (b) both records carry wall time and the wall time elapsed since the previous record with an
 *          uptime is at
 *          least the new uptime (minus WALL_SLACK_S): a reboot fits in between.
 *
 * Why not every backwards step: lines from another clock get interleaved into one log —
 * peers/parseoom/messages has netfilter lines stamped `[20401658.9]` among a boot's
 * `[75669.5]` lines, all in the same second. Such a step is neither early-boot nor explained by
 * elapsed wall time, so it stays in the same boot. Limit: a reboot seen only through late lines
 * (uptime > EARLY_BOOT_S) in a log without wall time (plain dmesg) is not detected.
 */
export const TOLERANCE_S = 1;
export const EARLY_BOOT_S = 300;
export const WALL_SLACK_S = 120;

const KERNEL_BANNER = /^Linux version \d/;

/** What a record carries that tells boots apart (an EnvelopeFields fits as is). */
export interface BootInput {
  host: string | null;
  uptime: number | null;
  message: string;
  bootId: string | null;
  seq: number | null;
}

interface HostState {
  boot: number;
  records: number;
  uptime: number | null;
  wall: number | null;
  bootId: string | null;
  seq: number | null;
}

export class BootTracker {
  private readonly hosts = new Map<string, HostState>();
  private markerPending = false;
  /** The last host's state: consecutive records nearly always share their host (no Map lookup). */
  private lastKey: string | null = null;
  private lastState: HostState | null = null;

  /** journalctl printed a boot separator: the next record starts a new boot. */
  markBoot(): void {
    this.markerPending = true;
  }

  /** `wall`: the record's wall time as the reader settled it (inferred year, --boot-time). */
  assign(r: BootInput, wall: number | null): number {
    const key = r.host ?? "";
    let st = key === this.lastKey ? this.lastState : this.hosts.get(key);
    if (st === undefined || st === null) {
      st = { boot: 0, records: 0, uptime: null, wall: null, bootId: null, seq: null };
      this.hosts.set(key, st);
    }
    this.lastKey = key;
    this.lastState = st;
    if (st.records > 0 && this.isNewBoot(st, r, wall)) {
      st.boot++;
      // The new boot's clocks start fresh: a banner without a stamp followed by `[0.000000]`
      // lines is one boot, not two.
      st.uptime = null;
      st.wall = null;
      st.seq = null;
    }
    this.markerPending = false;
    st.records++;
    if (r.uptime !== null) {
      // Wall time of the last record that had an uptime: elapsed wall time is measured from it
      // (other daemons' syslog lines in between carry no kernel clock).
      st.uptime = r.uptime;
      st.wall = wall;
    }
    if (r.bootId !== null) st.bootId = r.bootId;
    if (r.seq !== null) st.seq = r.seq;
    return st.boot;
  }

  private isNewBoot(st: HostState, r: BootInput, wall: number | null): boolean {
    if (this.markerPending) return true;
    // The `L` test first: the regex is then run on banner-like lines only, not on every record.
    if (r.message.charCodeAt(0) === 0x4c && KERNEL_BANNER.test(r.message)) return true;
    if (r.bootId !== null && st.bootId !== null) return r.bootId !== st.bootId;
    if (r.seq !== null && st.seq !== null) return r.seq < st.seq;
    if (r.uptime === null || st.uptime === null || r.uptime >= st.uptime - TOLERANCE_S) return false;
    if (r.uptime < EARLY_BOOT_S) return true;
    return wall !== null && st.wall !== null && (wall - st.wall) / 1000 >= r.uptime - WALL_SLACK_S;
  }
}
