import type { EventSource, OomEvent } from "../events/oom-event.js";

/**
 * The same kill is often read more than once: syslog, kern.log and messages all carry the kernel
 * line; `dmesg` overlaps kern.log; rotations overlap; `dmesg -T` and raw dmesg show one ring buffer.
 * Two events are one when the killer and the victim agree and either
 *
 * - the kernel timestamp agrees (uptime, printed to the microsecond), or — for logs without uptime —
 *   the wall time does; or
 * - the kill line's numbers agree (pid, comm, total-vm, anon-rss, file-rss to the kB), and the clocks
 *   both copies carry do not contradict it (equal uptime; wall times within an hour, since `dmesg -T`
 *   drifts after suspend). This joins a `dmesg -T` or `--time-format iso` copy (wall only) to a raw
 *   dmesg copy (uptime only) of the same kill, and a copy cut by a rotation (its time is that of its
 *   first surviving line) to the whole report.
 *
 * A null host matches any host: raw dmesg has none while syslog names it. Boot indexes are not
 * compared: they count boots within one input, so one boot has different indexes in `dmesg` and in a
 * kern.log that starts earlier.
 *
 * The kept event is the most informative copy (complete, with host, with wall time); it gains the
 * host and clock the others knew, and `sources` lists every copy. Input order is preserved.
 */
export function dedupeEvents(events: OomEvent[]): OomEvent[] {
  const out: Array<OomEvent> = [];
  // Per kept event, the keys of its sources: a flood of copies of one event (a header repeated 400 000 times
  // in a damaged log) must cost O(1) per copy, not a rebuild of the whole source list.
  const sourceKeys: Array<Set<string>> = [];
  const index = new Map<string, Set<number>>(); // key → positions in `out`

  for (const e of events) {
    const keys = identityKeys(e);
    let at = -1;
    for (const key of keys) {
      for (const pos of index.get(key) ?? []) {
        if (sameKill(out[pos], e, key.startsWith("k|"))) {
          at = pos;
          break;
        }
      }
      if (at >= 0) break;
    }
    if (at < 0) {
      at = out.length;
      const kept = withSources(e);
      out.push(kept);
      sourceKeys.push(new Set(kept.sources!.map(sourceKey)));
    } else {
      out[at] = merge(out[at], e, sourceKeys[at]);
    }
    for (const key of [...keys, ...identityKeys(out[at])]) {
      const set = index.get(key) ?? new Set<number>();
      set.add(at);
      index.set(key, set);
    }
  }
  return out;
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

function identityKeys(e: OomEvent): string[] {
  const keys: string[] = [];
  const victim = victimOf(e);
  if (e.time.uptime !== null && Number.isFinite(e.time.uptime)) keys.push(`u|${victim}|${e.time.uptime.toFixed(6)}`);
  if (e.time.wall !== null) keys.push(`w|${victim}|${e.time.wall}`);
  const k = e.kills[0];
  if (k && k.totalVmKb !== null && k.anonRssKb !== null) keys.push(`k|${victim}|${k.totalVmKb}|${k.anonRssKb}|${k.fileRssKb ?? ""}`);
  return keys;
}

const WALL_SLACK_MS = 3600_000;
/**
 * When the kill lines agree to the kB, the event times may still differ: a copy cut by a rotation starts
 * at its first surviving line, not at the header. A report spans seconds (minutes in a slow syslog).
 */
const SAME_REPORT_UPTIME_SLACK_S = 600;

function sameKill(a: OomEvent, b: OomEvent, killLinesAgree: boolean): boolean {
  if (a.host !== null && b.host !== null && a.host !== b.host) return false;
  const uptimeSlack = killLinesAgree ? SAME_REPORT_UPTIME_SLACK_S : 1e-6;
  if (a.time.uptime !== null && b.time.uptime !== null && Math.abs(a.time.uptime - b.time.uptime) > uptimeSlack) return false;
  if (a.time.wall !== null && b.time.wall !== null && Math.abs(Date.parse(a.time.wall) - Date.parse(b.time.wall)) > WALL_SLACK_MS) return false;
  return victimOf(a) === victimOf(b);
}

function withSources(e: OomEvent): OomEvent {
  return { ...e, sources: e.sources && e.sources.length > 0 ? [...e.sources] : [e.source] };
}

function richness(e: OomEvent): number {
  // A copy with the kill line always wins over one cut before it (a rotation or a truncated file).
  return (e.kills.length > 0 ? 16 : 0) + (e.complete ? 8 : 0) + (e.host !== null ? 4 : 0) + (e.time.wall !== null ? 2 : 0) + (e.tasks !== null ? 1 : 0) - e.missing.length / 100;
}

/** Merges copy `b` into the kept `a`; `seen` holds the keys of `a.sources` and is updated (the list is appended, not rebuilt). */
function merge(a: OomEvent, b: OomEvent, seen: Set<string>): OomEvent {
  const [best, other] = richness(b) > richness(a) ? [b, a] : [a, b];
  const sources = a.sources ?? [a.source];
  for (const s of b.sources ?? [b.source]) {
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
