import type { Group, Spread } from "../correlate/report-types.js";

/** Shared number and time formatting of the report renderers. */

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${trim(seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1))}s`;
  if (seconds < 3600) return `${trim((seconds / 60).toFixed(1))}m`;
  if (seconds < 86400) return `${trim((seconds / 3600).toFixed(1))}h`;
  return `${trim((seconds / 86400).toFixed(1))}d`;
}

export function formatKb(kb: number | null | undefined): string {
  if (kb === null || kb === undefined || !Number.isFinite(kb)) return "?";
  if (kb >= 1024 * 1024) return `${trim((kb / 1024 / 1024).toFixed(1))} GiB`;
  if (kb >= 1024) return `${trim((kb / 1024).toFixed(1))} MiB`;
  return `${kb} kB`;
}

/** "2026-11-26 19:29:43Z" from an ISO time; null stays null. */
export function formatWall(iso: string | null): string | null {
  if (iso === null) return null;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}Z` : iso;
}

/** When a group was seen: wall times when known, else the uptime of its first and last kills. */
export function seenRange(g: Group, timeOnly = false): { first: string; last: string } {
  const short = (iso: string | null) => (timeOnly && iso !== null ? iso.slice(11, 19) : formatWall(iso));
  const first = short(g.firstSeen);
  const last = short(g.lastSeen);
  if (first !== null && last !== null) return { first, last };
  const up = (u: number | null | undefined) => (u === null || u === undefined ? "?" : `[${u.toFixed(1)}s]`);
  return { first: up(g.kills[0]?.uptime), last: up(g.kills[g.kills.length - 1]?.uptime) };
}

export function formatSpread(s: Spread | null, f: (x: number) => string): string {
  if (s === null) return "–";
  if (s.min === s.max) return f(s.min);
  return `${f(s.min)} … ${f(s.max)} (median ${f(s.median)})`;
}

/** Where the victim lived, in a few words: container runtime and short id, pod, or the cgroup pattern. */
export function placeOf(g: Group): string {
  const c = g.container;
  if (c.ids.length > 0) {
    const ids = c.ids.map((id) => id.slice(0, 12));
    const shown = ids.length > 2 ? `${ids.slice(0, 2).join(",")},+${ids.length - 2}` : ids.join(",");
    return `${c.runtime ?? "container"} ${shown}`;
  }
  if (c.podUids.length > 0) return `pod ${c.podUids[0]}${c.podUids.length > 1 ? ` +${c.podUids.length - 1}` : ""}`;
  return g.cgroupPattern ?? "(no cgroup)";
}

function trim(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}
