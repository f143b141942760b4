// Renderers on hostile log text: a real report (samples/this-machine/dmesg.txt, three `python3` memcg kills)
// whose process name and cgroup are replaced by quotes, `<script>`, Markdown pipes, terminal escapes and very
// long strings, through the whole pipeline. Text and Markdown must stay inert; JSON must keep the text exactly.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/correlate/build-report.js";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { renderEventsText } from "../../src/render/events-text.js";
import { renderReportMarkdown } from "../../src/render/report-markdown.js";
import { renderReportText } from "../../src/render/report-text.js";
import { SAMPLES } from "../cli/run-cli.js";
import { fastCheckSeed } from "../fc-seed.js";

const SEED = fastCheckSeed("robustness/render");

const DMESG = readFileSync(path.join(SAMPLES, "this-machine/dmesg.txt"), "utf8");

const HOSTILE = [
  `"quoted" 'name'`,
  "<script>alert(1)</script>",
  "a|b|c",
  "\u001b]0;pwned\u0007\u001b[2J\u001b[31mred",
  "\u009b31m C1 CSI",
  "bidi \u202eevil\u202c",
  "`code` **bold** [link](http://x)",
  "x".repeat(5000),
];

/** Terminal-active characters: C0 but newline, DEL, C1, and the bidi overrides. */
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

async function eventsWith(comm: string) {
  // Kernel lines put the name after `Comm: `, in `(python3)` and as the task table's last column: all replaced.
  const text = DMESG.replaceAll("python3", comm);
  const doc = await parseLogs(["-"], { stdin: Readable.from([Buffer.from(text)]), jobs: 1 });
  return doc.events;
}

/** The Markdown lines outside fenced code blocks (inside them text is shown verbatim, which is safe). */
function outsideFences(md: string): string[] {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of md.split("\n")) {
    const m = /^(`{3,})/.exec(line);
    if (fence === null && m) fence = m[1];
    else if (fence !== null && line === fence) fence = null;
    else if (fence === null) out.push(line);
  }
  return out;
}

function checkRendered(comm: string, events: Awaited<ReturnType<typeof eventsWith>>): void {
  expect(events.flatMap((e) => e.kills.map((k) => k.comm))).toEqual([comm, comm, comm]);
  const report = buildReport(events);
  const text = renderReportText(report, { width: 100, color: false });
  const eventsText = renderEventsText(events, { color: false, width: 100 });
  const md = renderReportMarkdown(report);
  for (const out of [text, eventsText, md]) expect(out).not.toMatch(ACTIVE);
  for (const line of text.split("\n")) expect([...line].length).toBeLessThanOrEqual(100); // code points
  for (const line of outsideFences(md)) {
    expect(line).not.toMatch(/<[a-z/]/i);
    // A table row keeps its 12 cells: no unescaped pipe from the log.
    if (line.startsWith("| 1 |")) expect(line.split(/(?<!\\)\|/).length - 2).toBe(12);
  }
  // JSON keeps the name exactly (it is data, escaped by JSON itself).
  const json = JSON.parse(JSON.stringify(report));
  expect(json.groups[0].comm).toBe(comm);
}

describe("renderers on hostile process names", () => {
  for (const comm of HOSTILE) {
    it(`${JSON.stringify(comm.slice(0, 40))}${comm.length > 40 ? "…" : ""}: inert in text and Markdown, exact in JSON`, async () => {
      checkRendered(comm, await eventsWith(comm));
    });
  }

  it("any printable-or-not name (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(
        // No `(`/`)`, newline or NUL: those end the name in the kernel line itself (the comm is cut there).
        fc.string({ unit: "binary", minLength: 1, maxLength: 60 }).filter((s) => !/[()\n\r\u0000]/.test(s) && s.trim() === s && s.length > 0),
        async (comm) => checkRendered(comm, await eventsWith(comm)),
      ),
      { seed: SEED, numRuns: 40 },
    );
  });
});
