import type { Group, HeapGrowth, HeapSnapshotLink } from "../correlate/report-types.js";

/** One kill of a group with the snapshot taken last before it (or none). */
export interface KillHeapView {
  pid: number;
  wall: string | null;
  snapshot: HeapSnapshotLink | null;
  /** Seconds between the snapshot and the kill, when both times are known. */
  secondsBefore: number | null;
}

const TOP_ROWS = 3;

/**
 * The heap evidence of a group, kill by kill: which snapshot preceded each kill and what it said.
 * Kills without a snapshot are listed too — that is the normal case, not an error.
 */
export function heapView(g: Group): { kills: KillHeapView[]; withSnapshot: number } | null {
  if (!g.heapSnapshots) return null;
  const byKill = new Map(g.heapSnapshots.map((s) => [s.killEventId, s]));
  const kills = g.kills.map((k) => {
    const snapshot = byKill.get(k.eventId) ?? null;
    const secondsBefore = snapshot?.time && k.wall ? (Date.parse(k.wall) - Date.parse(snapshot.time)) / 1000 : null;
    return { pid: k.pid, wall: k.wall, snapshot, secondsBefore };
  });
  return { kills, withSnapshot: kills.filter((k) => k.snapshot).length };
}

/** One sentence: how many kills had a snapshot, and why the others did not. */
export function heapHeadline(g: Group, heap: { kills: KillHeapView[]; withSnapshot: number }): string {
  const n = `${heap.withSnapshot} of ${g.count} kill${g.count === 1 ? "" : "s"} had a snapshot taken before ${g.count === 1 ? "it" : "them"}`;
  if (heap.kills.some((k) => k.snapshot?.matchedBy === "binary")) {
    return `${n}; the log has no wall-clock time, so snapshots were matched by binary only, to the latest kill (give --boot-time to link each kill)`;
  }
  return heap.withSnapshot < g.count ? `${n}; no snapshot was kept for the others` : n;
}

/**
 * `bytes.Repeat 97.93% flat; under main.(*RequestTracker).Track 98.72% cum` — where the in-use bytes were
 * allocated, and the caller that holds them: among the functions whose cum covers the top allocation,
 * the one with the most flat bytes of its own (pprof lists callers with equal cum alphabetically, so
 * ties go to the first listed), leaving out the runtime.
 */
export function topSummary(s: HeapSnapshotLink): string {
  const [first, ...rest] = s.top;
  if (!first) return "no samples";
  const head = `${first.function} ${first.flatPct.toFixed(2)}% flat`;
  let holder: (typeof rest)[number] | null = null;
  for (const r of rest) {
    if (r.function.startsWith("runtime.") || r.cumPct < first.flatPct) continue;
    if (!holder || r.flatPct > holder.flatPct) holder = r;
  }
  return holder ? `${head}; under ${holder.function} ${holder.cumPct.toFixed(2)}% cum` : head;
}

/** `bytes.Repeat +60.6 MiB, context.propagateCancel -512 KiB` — the functions whose in-use bytes moved most. */
export function growthSummary(g: HeapGrowth, rows = TOP_ROWS): string {
  return [...g.top]
    .sort((a, b) => Math.abs(b.deltaBytes) - Math.abs(a.deltaBytes))
    .slice(0, rows)
    .filter((r) => r.deltaBytes !== 0)
    .map((r) => `${r.function} ${r.deltaBytes > 0 ? "+" : "-"}${bytes(Math.abs(r.deltaBytes))}`)
    .join(", ");
}

export function bytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}

export function baseName(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}
