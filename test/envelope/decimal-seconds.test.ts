import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimalSeconds } from "../../grammars/envelope/dmesg-prefix.js";

const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() % 1_000_000_000;
console.log(`decimal-seconds fast-check seed: ${SEED} (replay with FC_SEED=${SEED})`);

describe("decimalSeconds", () => {
  it("reads every printk stamp of the real dmesg samples as Number() does", () => {
    const text = ["dmesg.txt", "dmesg-x.txt"].map((f) => readFileSync(new URL(`../../samples/this-machine/${f}`, import.meta.url), "utf8")).join("\n");
    const stamps = [...text.matchAll(/\[ *(\d+\.\d+)\]/g)].map((m) => m[1]);
    expect(stamps.length).toBeGreaterThan(1000);
    for (const s of stamps) expect(decimalSeconds(s), s).toBe(Number(s));
  });

  it("gives the same double as Number() for any digits.digits up to 15 digits, and any other text (property)", () => {
    const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
    fc.assert(
      fc.property(digits(1, 10), digits(0, 9), (int, frac) => {
        const s = frac.length > 0 ? `${int}.${frac}` : `${int}.`;
        expect(Object.is(decimalSeconds(s), Number(s)), s).toBe(true);
      }),
      { seed: SEED, numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        expect(Object.is(decimalSeconds(s), Number(s)), s).toBe(true);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
