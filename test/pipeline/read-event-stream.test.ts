import { readFileSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { expect, it } from "vitest";
import type { OomEvent } from "../../src/events/oom-event.js";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { readEventStreams } from "../../src/pipeline/read-event-stream.js";
import type { Warning } from "../../src/warning.js";
import { SAMPLES } from "../cli/run-cli.js";

it("hands each event of an --events stream on as it is read, not once the stream ends (a fleet's streams may not fit in memory)", async () => {
  // The RHEL6 archive's kills as `parse --ndjson` writes them.
  const doc = await parseLogs([path.join(SAMPLES, "archive/new-db1")], { jobs: 1 });
  expect(doc.events.length).toBeGreaterThanOrEqual(20);
  const stdin = new PassThrough();
  const seen: OomEvent[] = [];
  const warnings: Warning[] = [];
  const done = readEventStreams(["-"], stdin, (w) => warnings.push(w), (e) => seen.push(e));
  for (const [i, e] of doc.events.entries()) {
    stdin.write(`${JSON.stringify(e)}\n`);
    // The line is read and handed on while the stream is still open.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen.length).toBe(i + 1);
  }
  stdin.end("not an event\n");
  await done;
  expect(seen.map((e) => e.id)).toEqual(doc.events.map((e) => e.id));
  expect(warnings.map((w) => [w.path, w.line])).toEqual([["-", doc.events.length + 1]]);
});

it("names the first lines that are not events and counts the rest, when a log is given to --events by mistake", async () => {
  // The RHEL6 archive's syslog, a log, not `parse --ndjson` output.
  const log = path.join(SAMPLES, "archive/hnsin-varnish/messages");
  const lines = readFileSync(log, "utf8").split("\n").filter((l) => l.trim() !== "").length;
  expect(lines).toBeGreaterThan(50);
  const warnings: Warning[] = [];
  let events = 0;
  await readEventStreams([log], new PassThrough(), (w) => warnings.push(w), () => events++);
  expect(events).toBe(0);
  expect(warnings.slice(0, 5).map((w) => w.line)).toEqual([1, 2, 3, 4, 5]);
  expect(warnings).toHaveLength(6);
  expect(warnings[5].message).toMatch(new RegExp(`^${lines - 5} more lines are not oomsleuth events \\(${lines} of \\d+\\)`));
});
