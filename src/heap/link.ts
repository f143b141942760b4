/**
 * Link OOM kills to heap snapshots (heap-formats.md §4). A snapshot belongs to kill K when
 * - its binary is K's victim: basename(binary) truncated to 15 chars (the kernel's task->comm) === comm;
 * - where its file name carries a pid (Java, Node), that pid is K's pid;
 * - its time lies in (previous kill of the same group, K]: snapshots after the previous kill belong
 *   to this incarnation, snapshots after K to the next one. A fixed window would straddle restarts.
 * When the kill or the snapshots have no wall time, we can only match binary (and directory, when
 * the kill says where its logs came from): such links are marked `timeUnknown`.
 * The evidence for K is the last snapshot before it, and the growth from the first to the last
 * snapshot of the incarnation (a `-diff_base` top).
 */
import { basename, dirname, sep } from "node:path";
import { diffProfiles } from "./pprof-diff.js";
import { pprofTop, resolveSampleIndex } from "./pprof-top.js";
import type { HeapFormat, Snapshot } from "./snapshot.js";
import { topRowsJson, type TopRowJson } from "./top-json.js";

export interface KillRef {
  eventId: string;
  /** Kills of one recurring group (same binary in the same cgroup): bounds each incarnation. */
  groupKey: string;
  comm: string;
  pid: number | null;
  wallMs: number | null;
  /** Directory of the log the kill came from: without wall time, snapshots must lie under it. */
  logDir?: string | null;
}

export interface LinkedSnapshot {
  path: string;
  format: HeapFormat;
  time: string | null;
  binary: string | null;
  /** The sample type the top is computed for (inuse_space for Go heaps); null for metadata-only formats. */
  sampleType: string | null;
  totalBytes: number | null;
  /** How long before the kill the snapshot was taken, when both times are known. */
  msBeforeKill: number | null;
  top: TopRowJson[];
}

export interface GrowthRow {
  function: string;
  /** Flat change between the first and the last snapshot (negative: shrank). */
  deltaBytes: number;
  cumDeltaBytes: number;
}

export interface Growth {
  from: string;
  to: string;
  sampleType: string;
  /** Change of the profile's total for that sample type. */
  deltaTotalBytes: number;
  top: GrowthRow[];
}

export interface Link {
  eventId: string;
  /** True when wall time could not be used: the match rests on binary (and directory) only. */
  timeUnknown: boolean;
  /** Paths of this incarnation's snapshots, oldest first. */
  snapshots: string[];
  last: LinkedSnapshot | null;
  growth: Growth | null;
}

export interface LinkOptions {
  /** Rows kept in `last.top` and `growth.top` (default 10). */
  topRows?: number;
}

/** The kernel's comm for an executable path: basename cut to TASK_COMM_LEN − 1 = 15 bytes. */
export function commOf(binary: string): string {
  return basename(binary).slice(0, 15);
}

function timeMs(s: Snapshot): number | null {
  if (s.time === null) return null;
  const ms = Date.parse(s.time);
  return Number.isFinite(ms) ? ms : null;
}

function isUnder(path: string, dir: string): boolean {
  const d = dir.endsWith(sep) ? dir : dir + sep;
  return path.startsWith(d) || dirname(path) === dir;
}

const byPathNatural = (a: Snapshot, b: Snapshot): number =>
  a.path.localeCompare(b.path, "en", { numeric: true });

function byTimeThenPath(a: Snapshot, b: Snapshot): number {
  const ta = timeMs(a);
  const tb = timeMs(b);
  if (ta !== null && tb !== null && ta !== tb) return ta - tb;
  return byPathNatural(a, b);
}

function describe(s: Snapshot, killMs: number | null, topRows: number): LinkedSnapshot {
  const t = timeMs(s);
  const out: LinkedSnapshot = {
    path: s.path,
    format: s.format,
    time: s.time,
    binary: s.binary,
    sampleType: null,
    totalBytes: null,
    msBeforeKill: t !== null && killMs !== null ? killMs - t : null,
    top: [],
  };
  if (s.profile) {
    const report = pprofTop(s.profile);
    out.sampleType = report.sampleType;
    out.totalBytes = report.total;
    out.top = topRowsJson(report, topRows);
  }
  return out;
}

function growthBetween(first: Snapshot, last: Snapshot, topRows: number): Growth | null {
  if (!first.profile || !last.profile || first === last) return null;
  try {
    const merged = diffProfiles(last.profile, first.profile);
    const index = resolveSampleIndex(last.profile);
    const report = pprofTop(merged);
    const sum = (p: NonNullable<Snapshot["profile"]>): number => p.samples.reduce((acc, s) => acc + (s.values[index] ?? 0), 0);
    return {
      from: first.path,
      to: last.path,
      sampleType: report.sampleType,
      deltaTotalBytes: sum(last.profile) - sum(first.profile),
      top: report.rows.slice(0, topRows).map((r) => ({ function: r.name, deltaBytes: r.flat, cumDeltaBytes: r.cum })),
    };
  } catch {
    // Different sample types (e.g. a heap and a CPU profile of the same binary): no growth to show.
    return null;
  }
}

/**
 * Without the kill's time, the snapshots of every incarnation of the binary are candidates. A restart
 * shows as the in-use total falling to a fraction of the snapshot before it: keep what follows the last
 * such fall, so growth is measured within one run of the process.
 */
function lastIncarnation(sorted: Snapshot[]): Snapshot[] {
  const total = (s: Snapshot): number | null => {
    if (!s.profile) return null;
    const index = resolveSampleIndex(s.profile);
    return s.profile.samples.reduce((acc, x) => acc + (x.values[index] ?? 0), 0);
  };
  let start = 0;
  let previous: number | null = null;
  sorted.forEach((s, i) => {
    const t = total(s);
    if (t !== null && previous !== null && t < previous / 2) start = i;
    if (t !== null) previous = t;
  });
  return sorted.slice(start);
}

/**
 * A kill time printed to the second (`dmesg -T`, RFC 3164 syslog) is up to a second early, and dmesg's boot
 * time drops the fraction of btime (another second at most): such a kill still owns snapshots taken in the
 * second after its stamp. A restarted process takes longer than that to be profiled again.
 */
function secondSlack(ms: number): number {
  return Number.isFinite(ms) && ms % 1000 === 0 ? 1000 : 0;
}

function isLastOfGroup(kill: KillRef, kills: KillRef[]): boolean {
  const group = kills.filter((k) => k.groupKey === kill.groupKey);
  return group[group.length - 1] === kill;
}

export function linkSnapshots(kills: KillRef[], snapshots: Snapshot[], options: LinkOptions = {}): Link[] {
  const topRows = options.topRows ?? 10;
  return kills.map((kill) => {
    const sameBinary = snapshots.filter(
      (s) => s.binary !== null && commOf(s.binary) === kill.comm && (s.pid === null || kill.pid === null || s.pid === kill.pid),
    );

    let candidates: Snapshot[] = [];
    let timeUnknown = false;
    if (kill.wallMs !== null) {
      const killMs = kill.wallMs;
      // The previous kill of the same group ends the previous incarnation.
      let previous = -Infinity;
      for (const other of kills) {
        if (other.groupKey === kill.groupKey && other.wallMs !== null && other.wallMs < killMs && other.wallMs > previous) {
          previous = other.wallMs;
        }
      }
      candidates = sameBinary.filter((s) => {
        const t = timeMs(s);
        return t !== null && t > previous + secondSlack(previous) && t <= killMs + secondSlack(killMs);
      });
    }
    if (candidates.length === 0 && (kill.wallMs === null ? isLastOfGroup(kill, kills) : true)) {
      // No usable time on one side: fall back to binary (+ directory), and say so. Without the kill's
      // wall time the incarnations cannot be told apart, so only the group's most recent kill (the one
      // the newest snapshots most likely preceded) gets them, instead of every kill getting the same.
      const untimed = sameBinary.filter(
        (s) => (kill.wallMs === null || timeMs(s) === null) && (!kill.logDir || isUnder(s.path, kill.logDir)),
      );
      if (untimed.length > 0) {
        candidates = untimed;
        timeUnknown = true;
      }
    }
    candidates.sort(byTimeThenPath);
    if (timeUnknown) candidates = lastIncarnation(candidates);

    const last = candidates.length > 0 ? candidates[candidates.length - 1] : null;
    // Growth compares like with like: the same format as the newest snapshot that has samples.
    const profiled = candidates.filter((s) => s.profile !== null);
    const newestFormat = profiled.length > 0 ? profiled[profiled.length - 1].format : null;
    const withProfile = profiled.filter((s) => s.format === newestFormat);
    const growth =
      withProfile.length >= 2 ? growthBetween(withProfile[0], withProfile[withProfile.length - 1], topRows) : null;
    return {
      eventId: kill.eventId,
      timeUnknown,
      snapshots: candidates.map((s) => s.path),
      last: last ? describe(last, timeUnknown ? null : kill.wallMs, topRows) : null,
      growth,
    };
  });
}
