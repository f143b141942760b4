/**
 * A heap snapshot found on disk: what we know about it without opening a debugger.
 * Go profiles (pprof proto, `?debug=1` text) carry their samples; V8 and HPROF dumps are
 * read for metadata only (they are 20–100 MB, and the header is all the linker needs).
 */
import type { HeapProfile, SampleType } from "./heap-profile.js";

export type HeapFormat = "pprof" | "go-heap-text" | "v8" | "hprof";

/** Where `time` came from, so a report can say how far to trust it. */
export type SnapshotTimeSource =
  /** pprof `time_nanos`: UTC, set when the runtime built the profile. */
  | "pprof-time-nanos"
  /** HPROF header: u8 milliseconds since the epoch. */
  | "hprof-header"
  /** V8 file name `Heap.YYYYMMDD.HHMMSS…`: local time without a zone, read as if it were UTC. */
  | "file-name-local-as-utc";

export interface Snapshot {
  path: string;
  format: HeapFormat;
  /** ISO 8601 UTC, or null when the file carries no time (Go debug=1 text, V8 not named by Node). */
  time: string | null;
  timeSource: SnapshotTimeSource | null;
  /** Executable as the process saw it (pprof mapping[0]); "java"/"node" for HPROF/V8; null when unknown. */
  binary: string | null;
  /** Process id from the file name (java_pid<pid>.hprof, Heap.*.<pid>.*); pprof files carry none. */
  pid: number | null;
  sampleTypes: SampleType[];
  /** pprof `default_sample_type`, or null (Go's /debug/pprof/heap leaves it unset). */
  defaultSampleType: string | null;
  /** Sampling period (Go: runtime.MemProfileRate) and its type, when the format has one. */
  period: number | null;
  periodType: SampleType | null;
  /** File size in bytes. */
  sizeBytes: number;
  /** File modification time (ISO UTC): informational only, copies and archives rewrite it. */
  mtime: string | null;
  /** Things a reader should know about this snapshot ("metadata only", "time is local"…). */
  notes: string[];
  /** Format-specific header fields (V8 node_count, HPROF identifier size…). */
  details: Record<string, string | number>;
  /** The samples, for formats we can compute a top from (pprof, go-heap-text); else null. */
  profile: HeapProfile | null;
}

/** Why a file that looked like a snapshot could not be read. */
export type SnapshotErrorKind = "damaged" | "unsupported" | "unreadable";

/** Thrown by readSnapshot for a file that looks like a snapshot but cannot be used; callers turn it into a warning. */
export class SnapshotReadError extends Error {
  readonly path: string;
  readonly kind: SnapshotErrorKind;
  constructor(path: string, kind: SnapshotErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SnapshotReadError";
    this.path = path;
    this.kind = kind;
  }
}
