/**
 * `go tool pprof -diff_base=BASE PROFILE`: the base is scaled by −1, tagged `pprof::base` and
 * merged with the profile (driver/fetch.go), so flat/cum are differences while percentages are
 * of the base's total only (report.computeTotal). Merging keeps the earliest time (profile.Merge).
 */
import type { HeapProfile } from "./heap-profile.js";

export class IncompatibleProfilesError extends Error {}

export function diffProfiles(profile: HeapProfile, base: HeapProfile): HeapProfile {
  const sameTypes =
    profile.sampleTypes.length === base.sampleTypes.length &&
    profile.sampleTypes.every((t, i) => t.type === base.sampleTypes[i].type && t.unit === base.sampleTypes[i].unit);
  if (!sameTypes) {
    const list = (p: HeapProfile): string => p.sampleTypes.map((t) => `${t.type}/${t.unit}`).join(",");
    throw new IncompatibleProfilesError(`incompatible sample types: [${list(profile)}] vs base [${list(base)}]`);
  }
  const times = [profile.timeNanos, base.timeNanos].filter((t): t is bigint => t !== null);
  const earliest = times.length === 0 ? null : times.reduce((a, b) => (b < a ? b : a));
  const comments = [...profile.comments];
  for (const c of base.comments) if (!comments.includes(c)) comments.push(c);
  return {
    ...profile,
    comments,
    timeNanos: earliest,
    durationNanos: profile.durationNanos + base.durationNanos,
    samples: [
      ...profile.samples,
      ...base.samples.map((s) => ({ stack: s.stack, values: s.values.map((v) => -v), base: true })),
    ],
  };
}
