import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastCheckSeed } from "../fc-seed.js";
import { oomFixtureFiles } from "./helpers.js";
import { parseFields, parseFieldsByParser } from "../../grammars/oom/fields.js";

// The per-line field reader (a loop over the tokens) against Chevrotain's FieldParser, the grammar's definition.

describe("field bags read by the token loop", () => {
  it("give FieldParser's fields on every fixture line, whole and from each field on", () => {
    const lines = [...new Set(oomFixtureFiles().flatMap((f) => readFileSync(f, "utf8").split("\n")))];
    expect(lines.length).toBeGreaterThan(5_000);
    let fields = 0;
    for (const [n, line] of lines.entries()) {
      const expected = parseFieldsByParser(line);
      fields += expected.length;
      expect(parseFields(line), line).toEqual(expected);
      // Callers pass the part of a line after a fixed head (`Swap cache stats:` …): every cut at a space, on a
      // tenth of the lines (all of them take seconds).
      if (n % 10 === 0) for (let at = line.indexOf(" "); at >= 0; at = line.indexOf(" ", at + 1)) expect(parseFields(line.slice(at)), line.slice(at)).toEqual(parseFieldsByParser(line.slice(at)));
    }
    expect(fields).toBeGreaterThan(50_000);
  });

  it("give FieldParser's fields on token soups: cut values, bare keys, broken flag lists", () => {
    // Pieces of real field bags (header gfp masks, Mem-Info, memcg stats, kill lines) and what breaks them.
    const pieces = ["gfp_mask", "=", ":", " ", "0x140cca", "(", ")", "GFP_HIGHUSER_MOVABLE", "|", "__GFP_COMP", "active_anon", "4096", "12kB", "108KB", "-3", "?", "order", ",", "nodemask", "null", "isolated(anon)", "[", "]", "/", "é", "total-vm"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 24 }), (parts) => {
        const text = parts.join("");
        expect(parseFields(text), text).toEqual(parseFieldsByParser(text));
      }),
      { seed: fastCheckSeed("oom/field-walk"), numRuns: 20_000 },
    );
  });
});
