import path from "node:path";
import { describe, expect, it } from "vitest";
import { dedupeEvents } from "../../src/correlate/dedupe.js";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { eventJson, writeEventsDocument } from "../../src/render/events-json.js";
import type { Write } from "../../src/render/write-batch.js";
import { SAMPLES } from "../cli/run-cli.js";

// The kills of every bundled sample, each rendered as parse renders it into its spool: the RHEL6 archive's with task
// tables of hundreds of kB, this VM's and the Go leak's of a few kB.
async function samplesDocument() {
  const doc = await parseLogs(["archive", "this-machine", "go-leak"].map((d) => path.join(SAMPLES, d)), { jobs: 1 });
  return { ...doc, events: dedupeEvents(doc.events) };
}

describe("the events document written piece by piece", () => {
  it("is byte for byte JSON.stringify's, with events given as bytes that the next event overwrites, into a stream that takes its time", async () => {
    const doc = await samplesDocument();
    const texts = doc.events.map((e) => Buffer.from(eventJson.render(e)));
    // Events bigger than a write batch (64 kB), written on their own, and smaller ones filling several batches.
    expect(texts.some((t) => t.length > 1 << 16)).toBe(true);
    expect(texts.filter((t) => t.length < 1 << 13).reduce((n, t) => n + t.length, 0)).toBeGreaterThan(4 << 16);
    // As the spool gives them: a view of one read buffer, filled again for the next event.
    const shared = Buffer.alloc(Math.max(...texts.map((t) => t.length)));
    const views = function* () {
      for (const t of texts) {
        shared.fill(0x23);
        t.copy(shared);
        yield shared.subarray(0, t.length);
      }
    };
    // A stream that reads a chunk only when it calls back, a moment later: the writer must leave the chunk alone until then.
    const out: Buffer[] = [];
    const slow: Write = (chunk) =>
      new Promise((resolve) =>
        setImmediate(() => {
          out.push(Buffer.from(typeof chunk === "string" ? Buffer.from(chunk) : chunk));
          resolve();
        }),
      );
    await writeEventsDocument(slow, doc.inputs, doc.warnings, views());
    expect(Buffer.concat(out).toString("utf8")).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });
});
