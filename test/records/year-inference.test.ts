// wallInference() (one reference time, cached day) must give what inferWall() gives, line by line.
import { describe, expect, it } from "vitest";
import { inferWall, wallInference } from "../../src/records/year-inference.js";
import { parseRfc3164Line } from "../../grammars/envelope/syslog-rfc3164.js";
import { fixtureLines } from "./read-fixture.js";

describe("wallInference", () => {
  // Real RFC 3164 stamps: peers/parseoom/messages (December) and peers/out-of-memory messages.1 (September).
  const stamps = [...fixtureLines("parseoom-messages"), ...fixtureLines("out-of-memory-messages.1")]
    .map((line) => parseRfc3164Line(line))
    .flatMap((r) => (r !== null && r.kind === "start" && r.fields.yearless !== null ? [r.fields.yearless] : []));

  it.each([
    ["mid-year mtime", Date.UTC(2022, 6, 1)],
    ["mtime on Dec 20, before some of the stamps", Date.UTC(2021, 11, 20, 3, 17, 0)],
    ["mtime in early January (stamps fall in the previous year)", Date.UTC(2022, 0, 5)],
  ])("equals inferWall for every stamp (%s)", (_label, referenceMs) => {
    expect(stamps.length).toBeGreaterThan(100);
    const infer = wallInference(referenceMs);
    for (const t of stamps) expect(infer(t)).toBe(inferWall(t, referenceMs));
  });

  it("puts a Dec 20 stamp read with a January mtime in the previous year", () => {
    // peers/parseoom/messages line 95: `Dec 20 03:17:52`
    const r = parseRfc3164Line(fixtureLines("parseoom-messages")[94]);
    const t = r?.kind === "start" ? r.fields.yearless : null;
    expect(wallInference(Date.UTC(2022, 0, 5))(t!)).toBe(Date.UTC(2021, 11, 20, 3, 17, 52));
  });
});
