/**
 * The `oomsleuth report --json` document (schema `oomsleuth/report@1`, see
 * docs/architecture.md and src/correlate/report.schema.json). Field names are part of the product.
 */
import type { Warning } from "../warning.js";

export const REPORT_SCHEMA = "oomsleuth/report@1";

/** What the report says of one input (the same shape scan-input returns). */
export interface InputInfo {
  path: string;
  format: string | null;
  lines: number;
  bytes: number;
  gzip?: boolean;
}

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface GroupContainer {
  runtime: string | null;
  ids: string[];
  podUids: string[];
}

/** One kill of a group, oldest first: the data behind the timeline and the leak reading. */
export interface GroupKill {
  eventId: string;
  host: string;
  wall: string | null;
  uptime: number | null;
  pid: number;
  anonRssKb: number | null;
  usageKb: number | null;
  limitKb: number | null;
}

/** A verbatim kill line with where it was read, for tickets. */
export interface Evidence {
  eventId: string;
  path: string;
  /** Lines of the event in that file (a kernel report spans many; the kill line is among them). */
  lineStart: number;
  lineEnd: number;
  /** The kill line verbatim, when the parser kept it. */
  text: string | null;
}

export interface HeapSnapshotLink {
  path: string;
  format: string;
  time: string | null;
  binary: string | null;
  killEventId: string | null;
  /** "time": taken after the previous kill of the group and before this one; "binary": the kill had no wall time, matched by binary only. */
  matchedBy?: "time" | "binary";
  inuseBytes: number | null;
  top: Array<{ function: string; flatBytes: number; flatPct: number; cumBytes: number; cumPct: number }>;
  /** In-use growth from the first to this (last) snapshot of the same incarnation: the leak's signature. */
  growth?: HeapGrowth | null;
}

export interface HeapGrowth {
  from: string;
  to: string;
  top: Array<{ function: string; deltaBytes: number }>;
}

export interface Group {
  /** sha1 (hex, 16) of killer, comm, constraint and cgroupPattern: stable across runs and machines. */
  fingerprint: string;
  killer: string;
  comm: string;
  constraint: string | null;
  cgroupPattern: string | null;
  container: GroupContainer;
  hosts: string[];
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
  intervalSeconds: Spread | null;
  limitKb: number | null;
  anonRssKb: Spread | null;
  usageKb: Spread | null;
  eventIds: string[];
  kills: GroupKill[];
  evidence: { first: Evidence; last: Evidence };
  /** Filled by the heap linker (src/heap), absent until then. */
  heapSnapshots?: HeapSnapshotLink[];
  heapGrowth?: HeapGrowth | null;
}

export interface Totals {
  events: number;
  kills: number;
  hosts: number;
  groups: number;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  inputs: InputInfo[];
  warnings: Warning[];
  totals: Totals;
  groups: Group[];
}

export interface BuildReportOptions {
  inputs?: InputInfo[];
  warnings?: Warning[];
  since?: Date | null;
  until?: Date | null;
  killer?: string | null;
  /** The events are deduplicated already (an EventDeduper's kept events, as `report` builds them while scanning). */
  deduplicated?: boolean;
}
