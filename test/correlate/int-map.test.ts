import fc from "fast-check";
import { expect, it } from "vitest";
import { IntMap } from "../../src/correlate/int-map.js";
import { fastCheckSeed } from "../fc-seed.js";

it("gives what a Map gives, for any sequence of sets and gets of numbers and objects, across its growth", () => {
  // Keys crowded into a few slots (long probe runs) or spread over 30 bits (dedupe's buckets); thousands of them.
  const key = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 30 - 1 }), fc.integer({ min: 0, max: 4000 }).map((k) => k * 1024));
  const value = fc.oneof(fc.nat({ max: 2 ** 31 - 1 }), fc.array(fc.nat(), { maxLength: 2 }));
  fc.assert(
    fc.property(fc.array(fc.tuple(key, value), { maxLength: 3000 }), fc.array(key, { maxLength: 200 }), (sets, probes) => {
      const ours = new IntMap<number[]>();
      const map = new Map<number, number | number[]>();
      for (const [k, v] of sets) {
        ours.set(k, v);
        map.set(k, v);
      }
      for (const k of [...map.keys(), ...probes]) expect(ours.get(k)).toBe(map.get(k));
    }),
    { seed: fastCheckSeed("correlate/int-map"), numRuns: 200 },
  );
});
