/**
 * Decode a pprof `profile.proto` (already gunzipped) into our HeapProfile.
 * pprof-format 2.3.2 gotchas handled here: numbers come back as number | bigint, and int64
 * fields decode unsigned (a diff profile's −5 arrives as 2^64−5), so every value goes through
 * BigInt.asIntN(64, …).
 */
import { Profile } from "pprof-format";
import type { Frame, HeapProfile, ProfileSample, SampleType } from "./heap-profile.js";

type Numeric = number | bigint;

function signed(v: Numeric | undefined): number {
  if (v === undefined) return 0;
  if (typeof v === "number") return v;
  return Number(BigInt.asIntN(64, v));
}

function key(v: Numeric | undefined): string {
  return v === undefined ? "0" : String(v);
}

function baseName(path: string): string {
  const i = path.lastIndexOf("/");
  return i >= 0 ? path.slice(i + 1) : path;
}

/** Throws when the bytes are not a valid profile.proto (the caller reports it as damaged). */
export function decodePprof(bytes: Uint8Array): HeapProfile {
  const p = Profile.decode(bytes);
  const strings = p.stringTable.strings;
  const str = (i: Numeric | undefined): string => strings[signed(i)] ?? "";

  const functionNames = new Map<string, string>();
  for (const f of p.function) functionNames.set(key(f.id), str(f.name));

  const mappingFiles = new Map<string, string>();
  for (const m of p.mapping) mappingFiles.set(key(m.id), str(m.filename));

  // Frames of each location, root-most first. With several lines, line[0] is the innermost
  // (inlined) function and the last line is the real caller (profile.proto, Location.line).
  const locationFrames = new Map<string, Frame[]>();
  for (const loc of p.location) {
    const frames: Frame[] = [];
    if (loc.line.length === 0) {
      // No symbol: pprof names the node after the binary, or "<unknown>".
      const file = mappingFiles.get(key(loc.mappingId)) ?? "";
      frames.push({ name: file !== "" ? `[${baseName(file)}]` : "<unknown>", inlined: false });
    } else {
      for (let i = loc.line.length - 1; i >= 0; i--) {
        const name = functionNames.get(key(loc.line[i].functionId));
        const mappingFile = mappingFiles.get(key(loc.mappingId)) ?? "";
        const shown = name ? name : mappingFile !== "" ? `[${baseName(mappingFile)}]` : "<unknown>";
        frames.push({ name: shown, inlined: i !== loc.line.length - 1 });
      }
    }
    locationFrames.set(key(loc.id), frames);
  }

  const samples: ProfileSample[] = p.sample.map((s) => {
    const stack: Frame[] = [];
    for (let i = s.locationId.length - 1; i >= 0; i--) {
      const frames = locationFrames.get(key(s.locationId[i]));
      if (frames) stack.push(...frames);
      else stack.push({ name: "<unknown>", inlined: false });
    }
    const sample: ProfileSample = { stack, values: s.value.map((v) => signed(v)) };
    for (const label of s.label) {
      if (str(label.key) === "pprof::base" && str(label.str) === "true") sample.base = true;
    }
    return sample;
  });

  const sampleTypes: SampleType[] = p.sampleType.map((t) => ({ type: str(t.type), unit: str(t.unit) }));
  const dst = signed(p.defaultSampleType);
  const time = p.timeNanos === undefined ? 0n : BigInt.asIntN(64, BigInt(p.timeNanos));
  const main = p.mapping[0];
  return {
    sampleTypes,
    defaultSampleType: dst !== 0 ? str(dst) : null,
    samples,
    mainBinary: main && str(main.filename) !== "" ? str(main.filename) : null,
    buildId: main && str(main.buildId) !== "" ? str(main.buildId) : null,
    comments: p.comment.map((c) => str(c)),
    timeNanos: time !== 0n ? time : null,
    durationNanos: signed(p.durationNanos),
    period: p.period === undefined ? null : signed(p.period),
    periodType: p.periodType ? { type: str(p.periodType.type), unit: str(p.periodType.unit) } : null,
  };
}
