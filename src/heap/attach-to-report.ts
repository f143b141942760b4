/**
 * `oomsleuth report --heap DIR…`: find the snapshots under DIRs and attach, to each group, the
 * last snapshot before each of its kills (heapSnapshots) and the growth over the incarnation of
 * the group's most recent kill that has one (heapGrowth). The rule itself lives in link.ts.
 */
import { dirname } from "node:path";
import type { KeptEvents } from "../correlate/build-report.js";
import type { Group, HeapGrowth, HeapSnapshotLink, Report } from "../correlate/report-types.js";
import type { Warning } from "../warning.js";
import { discoverSnapshots } from "./discover.js";
import { linkSnapshots, type KillRef, type Link } from "./link.js";

/** Rows of each snapshot's top kept in the report: enough to reach the caller that holds the allocation. */
const TOP_ROWS = 20;

function killRefs(group: Group, logDirs: Map<string, string> | null): KillRef[] {
  return group.kills.map((k) => {
    const ms = k.wall !== null ? Date.parse(k.wall) : NaN;
    return {
      eventId: k.eventId,
      // Per host: a kill on another machine does not end this machine's incarnation.
      groupKey: `${group.fingerprint}|${k.host}`,
      comm: group.comm,
      pid: k.pid,
      wallMs: Number.isFinite(ms) ? ms : null,
      logDir: logDirs?.get(k.eventId) ?? null,
    };
  });
}

function snapshotLink(link: Link): HeapSnapshotLink | null {
  const last = link.last;
  if (!last) return null;
  return {
    path: last.path,
    format: last.format,
    time: last.time,
    binary: last.binary,
    killEventId: link.eventId,
    matchedBy: link.timeUnknown ? "binary" : "time",
    // "inuseBytes" only when the top really is of in-use space (Go heap default).
    inuseBytes: last.sampleType === "inuse_space" ? last.totalBytes : null,
    top: last.top.map((r) => ({ function: r.function, flatBytes: r.flatBytes, flatPct: r.flatPct, cumBytes: r.cumBytes, cumPct: r.cumPct })),
    growth: growthOf(link),
  };
}

function growthOf(link: Link): HeapGrowth | null {
  const g = link.growth;
  return g ? { from: g.from, to: g.to, top: g.top.map((r) => ({ function: r.function, deltaBytes: r.deltaBytes })) } : null;
}

export interface AttachOptions {
  /**
   * Snapshots found next to the logs (inside the input directories) rather than in a directory the
   * user named with --heap: without wall time they must then lie under the kill's log directory.
   */
  nearLogsOnly?: boolean;
  /** Leave the report untouched when no snapshot is found (input directories merely searched). */
  onlyIfFound?: boolean;
}

export async function attachHeapSnapshots(
  report: Report,
  events: KeptEvents,
  dirs: string[],
  warn: (w: Warning) => void,
  opts: AttachOptions = {},
): Promise<void> {
  const found = await discoverSnapshots(dirs);
  for (const w of found.warnings) warn({ path: w.path, message: w.message });
  if (opts.onlyIfFound && found.snapshots.length === 0) return;
  const logDirs = opts.nearLogsOnly ? new Map<string, string>() : null;
  if (logDirs) {
    const dirs = new Map<string, string>();
    for (let i = 0; i < events.size; i++) {
      const e = events.kept(i);
      if (!e.source?.path) continue;
      // One string per directory: events read back from disk each bring their own path.
      const dir = dirname(e.source.path);
      logDirs.set(e.id, dirs.get(dir) ?? (dirs.set(dir, dir), dir));
    }
  }

  for (const group of report.groups) {
    const links = linkSnapshots(killRefs(group, logDirs), found.snapshots, { topRows: TOP_ROWS });
    group.heapSnapshots = links.map(snapshotLink).filter((l): l is HeapSnapshotLink => l !== null);
    const withGrowth = links.filter((l) => l.growth !== null);
    group.heapGrowth = withGrowth.length > 0 ? growthOf(withGrowth[withGrowth.length - 1]) : null;
  }
}
