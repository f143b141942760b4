import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dedupeEvents } from "../../src/correlate/dedupe.js";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { renderEventsText } from "../../src/render/events-text.js";
import { runCli, SAMPLES } from "./run-cli.js";

// The VM's own kills captured in 7 dmesg formats, 15 journalctl shapes and 3 rsyslog templates: most kills are read
// 4 to 19 times, so most events are a merge of copies (richer copies replacing poorer ones, hosts and wall
// clocks gained, sources appended): what parse writes from its spool must be what deduping in memory gives.
const dir = path.join(SAMPLES, "this-machine");

async function inMemory() {
  const doc = await parseLogs([dir], { jobs: 1 });
  return { ...doc, events: dedupeEvents(doc.events) };
}

describe("parse writes its kept events from the spool", () => {
  it("--json: byte for byte the document JSON.stringify gives for the in-memory dedupe", async () => {
    const expected = await inMemory();
    expect(expected.events.length).toBeGreaterThan(0);
    expect(expected.events.some((e) => (e.sources?.length ?? 0) >= 10)).toBe(true);
    const r = runCli(["parse", "--json", "--no-progress", "--jobs", "1", dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it("text: the same as rendering the in-memory dedupe", async () => {
    const expected = await inMemory();
    const r = runCli(["parse", "--no-progress", "--jobs", "1", dir]);
    expect(r.stdout).toBe(renderEventsText(expected.events, { color: false, width: 160 }));
  });

  it("without a writable temporary directory: the same document, the events held as text in memory", () => {
    const withTmp = runCli(["parse", "--json", "--no-progress", "--jobs", "1", dir]);
    const gone = mkdtempSync(path.join(tmpdir(), "oomsleuth-spool-"));
    rmSync(gone, { recursive: true });
    const without = runCli(["parse", "--json", "--no-progress", "--jobs", "1", dir], undefined, { TMPDIR: gone });
    expect(without.code).toBe(0);
    expect(without.stdout).toBe(withTmp.stdout);
  });
});
