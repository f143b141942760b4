/**
 * Our decoded form of a heap profile: just what `go tool pprof -top` needs, with every
 * number already a plain (signed) JS number and every stack already resolved to names.
 */

export interface SampleType {
  type: string;
  unit: string;
}

/** One frame of a stack, at function granularity (pprof's default `-granularity=functions`). */
export interface Frame {
  /** The node name pprof prints: the function name, `[binary]` or `<unknown>` when unsymbolized. */
  name: string;
  /** True when this frame was inlined into the frame before it (its caller): pprof's inline edge. */
  inlined: boolean;
}

export interface ProfileSample {
  /** Root first, leaf last. */
  stack: Frame[];
  /** Parallel to HeapProfile.sampleTypes. */
  values: number[];
  /** True for the samples of a `-diff_base` profile (pprof's `pprof::base` label). */
  base?: boolean;
}

export interface HeapProfile {
  sampleTypes: SampleType[];
  defaultSampleType: string | null;
  samples: ProfileSample[];
  /** mapping[0].filename: "the main binary" per profile.proto. */
  mainBinary: string | null;
  buildId: string | null;
  comments: string[];
  /** Nanoseconds since the epoch (UTC), or null when unset. Kept as bigint: it exceeds 2^53. */
  timeNanos: bigint | null;
  durationNanos: number;
  period: number | null;
  periodType: SampleType | null;
}
