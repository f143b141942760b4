import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { grammarFiles, parseOomLine } from "../../grammars/oom/index.js";

// One generic test: every sample line of every grammar file parses to the fields written next to it (values read by
// hand from the real line named in `from`).
describe("OOM grammar samples", () => {
  for (const { file, samples } of grammarFiles) {
    describe(file, () => {
      it("has samples", () => expect(samples.length).toBeGreaterThan(0));
      for (const s of samples) {
        it(`${s.expect.kind}: ${s.line.slice(0, 70)}`, () => {
          expect(parseOomLine(s.line)).toMatchObject(s.expect);
        });
      }
    });
  }

  it("registers every section file that exports samples", () => {
    const dir = fileURLToPath(new URL("../../grammars/oom/", import.meta.url));
    const sectionFiles = ["header.ts", "meminfo.ts", "memcg.ts", "tasks.ts", "kill.ts"];
    for (const f of sectionFiles) expect(readdirSync(dir)).toContain(f);
    expect(grammarFiles.map((g) => g.file).sort()).toEqual([...sectionFiles].sort());
  });
});
