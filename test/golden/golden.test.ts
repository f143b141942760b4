import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { compactEvent, goldenName, type GoldenFile } from "./compact.js";

// Golden expectations for every report of the corpus fixtures, each file reviewed against its log text (its
// `reviewed` field says what was read, with line numbers). Regenerate: test/golden/regenerate.ts (by hand, then review).
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const GOLDEN_DIR = path.join(ROOT, "test/fixtures/golden");
const FIXTURES = fg.sync("**/*", { cwd: path.join(ROOT, "test/fixtures/oom"), onlyFiles: true }).sort();
const GOLDEN = fg.sync("*.json", { cwd: GOLDEN_DIR }).sort();

describe("golden events of the corpus fixtures (real pipeline: parseLogs)", () => {
  it("every fixture under test/fixtures/oom has a golden file, and every golden file a fixture", () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(16);
    expect(GOLDEN).toEqual(FIXTURES.map(goldenName).sort());
  });

  for (const rel of FIXTURES) {
    it(rel, async () => {
      const golden: GoldenFile = JSON.parse(readFileSync(path.join(GOLDEN_DIR, goldenName(rel)), "utf8"));
      // An unreviewed (freshly regenerated) file is not an expectation yet.
      expect(golden.reviewed.length, "golden file not reviewed against the log").toBeGreaterThan(40);
      const doc = await parseLogs([path.join(ROOT, golden.fixture)]);
      expect(doc.warnings).toEqual([]);
      expect(doc.events.map(compactEvent)).toEqual(golden.events);
    });
  }
});
