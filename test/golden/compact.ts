import type { OomEvent } from "../../src/events/oom-event.js";

/**
 * The part of an event that a golden file pins down: what a reader checks first against the log text (victims,
 * memcg counters, trigger, task count, completeness). Small enough to review by hand, line by line.
 */
export interface GoldenEvent {
  lines: [number, number];
  kind: string;
  complete: boolean;
  missing: string[];
  constraint: string | null;
  trigger: { comm: string | null; gfpMask: string | null; order: number | null } | null;
  memcg: { usageKb: number | null; limitKb: number | null; failcnt: number | null } | null;
  tasks: number | null;
  kills: { pid: number; comm: string; totalVmKb: number | null; anonRssKb: number | null; fileRssKb: number | null }[];
}

export interface GoldenFile {
  /** The fixture, relative to the repository root. */
  fixture: string;
  /** What was checked by reading the log text (grep), and how. Empty until someone reviewed this file. */
  reviewed: string;
  events: GoldenEvent[];
}

export function compactEvent(e: OomEvent): GoldenEvent {
  return {
    lines: [e.source.lineStart, e.source.lineEnd],
    kind: e.kind,
    complete: e.complete,
    missing: e.missing,
    constraint: e.constraint,
    trigger: e.trigger === null ? null : { comm: e.trigger.comm, gfpMask: e.trigger.gfpMask, order: e.trigger.order },
    memcg: e.memcg === null ? null : { usageKb: e.memcg.usageKb, limitKb: e.memcg.limitKb, failcnt: e.memcg.failcnt },
    tasks: e.tasks === null ? null : e.tasks.length,
    kills: e.kills.map((k) => ({ pid: k.pid, comm: k.comm, totalVmKb: k.totalVmKb, anonRssKb: k.anonRssKb, fileRssKb: k.fileRssKb })),
  };
}

/** The golden file's name for a fixture under test/fixtures/oom/: `BOoM/x.txt` → `BOoM__x.txt.json`. */
export function goldenName(rel: string): string {
  return rel.replaceAll("/", "__") + ".json";
}

/**
 * One event per line inside the file, so a review (and a diff) reads event by event.
 */
export function formatGolden(g: GoldenFile): string {
  const events = g.events.map((e) => "    " + JSON.stringify(e)).join(",\n");
  return `{\n  "fixture": ${JSON.stringify(g.fixture)},\n  "reviewed": ${JSON.stringify(g.reviewed)},\n  "events": [\n${events}\n  ]\n}\n`;
}
