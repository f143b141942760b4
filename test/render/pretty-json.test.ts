import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/correlate/build-report.js";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { prettyJson } from "../../src/render/pretty-json.js";
import { SAMPLES } from "../cli/run-cli.js";
import { fastCheckSeed } from "../fc-seed.js";

const joined = (value: unknown) => [...prettyJson(value)].join("");

describe("JSON written in pieces (prettyJson)", () => {
  it("is JSON.stringify's text for the report of every sample, its groups' kills repeated past the length written item by item", async () => {
    const doc = await parseLogs(["archive", "this-machine", "go-leak"].map((d) => path.join(SAMPLES, d)), { jobs: 1 });
    const report = buildReport(doc.events);
    // new-db1's 20 kills of one workload, ten times over: a kill list long enough to be written an item at a time.
    const big = report.groups.find((g) => g.count >= 20)!;
    big.kills = Array.from({ length: 10 }, () => big.kills).flat();
    big.eventIds = big.kills.map((k) => k.eventId);
    expect(big.kills.length).toBeGreaterThanOrEqual(200);
    const pieces = [...prettyJson(report)];
    // Written in pieces indeed: the long kill list a kill at a time, none holding more than a short group's kills.
    expect(pieces.length).toBeGreaterThan(big.kills.length);
    expect(Math.max(...pieces.map((p) => p.split('"eventId"').length - 1))).toBeLessThan(64 + 2);
    expect(pieces.join("")).toBe(JSON.stringify(report, null, 2));
  });

  it("is JSON.stringify's text for any nesting of arrays (long and short), objects, and fields JSON leaves out or writes as null", () => {
    const { value } = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.jsonValue({ maxDepth: 1 }),
        fc.constantFrom(undefined, () => 1, new Date(0), Symbol("s")),
        tie("array"),
        tie("object"),
      ),
      array: fc.oneof(fc.array(tie("value"), { maxLength: 4 }), fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: 60, maxLength: 140 })),
      object: fc.dictionary(fc.string(), tie("value"), { maxKeys: 5 }),
    }));
    fc.assert(
      fc.property(fc.oneof(fc.array(value, { maxLength: 80 }), fc.dictionary(fc.string(), value, { maxKeys: 6 })), (v) => {
        expect(joined(v)).toBe(JSON.stringify(v, null, 2));
      }),
      { seed: fastCheckSeed("render/pretty-json"), numRuns: 1_000 },
    );
  });
});
