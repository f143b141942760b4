import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OomEvent } from "../../src/events/oom-event.js";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { WRITERS, readerFormat, render, type WrapRecord } from "./rewrap.js";
import { killView, loadReports, type RealReport } from "./reports.js";
import { fastCheckSeed } from "../fc-seed.js";

// Any real report, written again in every envelope the reader knows, read through the real pipeline (byte
// prefilter, format detection, record reader, assembler) from a file, gives the kills the original file gave.
const SEED = fastCheckSeed("events/rewrap");
const NUM_RUNS = Number(process.env.FC_RUNS ?? 150);

// Real foreign lines: cadvisor case3_docker_memcg_4.8_part1.log l.1 and l.8, parseoom/messages l.1, the kernel's
// resume notice (kernel/power/process.c), out-of-memory/messages l.2 (rsyslogd) and systemd's unit notice
// (src/core/unit.c), which quotes the OOM killer without being a kill.
const FOREIGN: Omit<WrapRecord, "uptimeUs">[] = [
  { message: "docker0: port 2(veth380a1cd) entered disabled state", level: 6, host: "web-1", ident: "kernel", pid: null },
  { message: "IPv6: ADDRCONF(NETDEV_CHANGE): vethcd0dbfb: link becomes ready", level: 6, host: "web-1", ident: "kernel", pid: null },
  { message: "[UFW BLOCK] IN=eth0 OUT= MAC=f2:3c:91:e2:47:cc:00:1b:54:c2:50:c1:08:00 SRC=45.134.26.57 DST=72.14.187.238 LEN=40 TOS=0x00 PREC=0x00 TTL=244 ID=55235", level: 4, host: "web-1", ident: "kernel", pid: null },
  { message: "OOM killer enabled.", level: 6, host: "web-1", ident: "kernel", pid: null },
  { message: "imuxsock begins to drop messages from pid 3287 due to rate-limiting", level: 6, host: "web-1", ident: "rsyslogd-2177", pid: null },
  { message: "leaky.service: A process of this unit has been killed by the OOM killer.", level: 4, host: "web-1", ident: "systemd", pid: 1 },
];

const WRITER_NAMES = Object.keys(WRITERS);
let reports: RealReport[] = [];
let dir = "";
let fileNo = 0;

beforeAll(async () => {
  reports = await loadReports();
  dir = mkdtempSync(path.join(tmpdir(), "oomsleuth-rewrap-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function parseBytes(bytes: Buffer, name: string): Promise<OomEvent[]> {
  const file = path.join(dir, `${fileNo++}-${name}.log`);
  writeFileSync(file, bytes);
  const doc = await parseLogs([file]);
  rmSync(file);
  return doc.events;
}

/** A kill line of `pid` in the message: every era's `Killed process N (` / `Killed process N, UID`. */
const killedLine = (pid: number) => new RegExp(`Killed process ${pid}[ ,]`);

interface Variant {
  writer: string;
  foreign: [number, number][];
  crlf: boolean;
  /** Fraction of the file's lines kept; undefined: the whole file. */
  cut: number | undefined;
}

async function check(report: RealReport, v: Variant): Promise<void> {
  const records: WrapRecord[] = [...report.records];
  // Foreign records go between report records (position modulo length), stamped like their predecessor.
  for (const [at, which] of [...v.foreign].sort((a, b) => b[0] - a[0])) {
    const i = at % (records.length + 1);
    const uptimeUs = records[Math.max(0, i - 1)].uptimeUs;
    records.splice(i, 0, { ...FOREIGN[which], uptimeUs });
  }
  const wrapped = WRITERS[v.writer](records);
  const whole = render(wrapped, v.crlf ? "\r\n" : "\n");
  const keep = v.cut === undefined ? undefined : Math.floor(v.cut * whole.lineCount);
  const { bytes, keptRecords } = keep === undefined ? whole : render(wrapped, v.crlf ? "\r\n" : "\n", keep);
  const label = `${report.name} as ${v.writer}${v.crlf ? " CRLF" : ""}${v.foreign.length ? ` +${v.foreign.length} foreign` : ""}${keep !== undefined ? ` cut at ${keep}/${whole.lineCount}` : ""}`;

  const events = await parseBytes(bytes, v.writer);
  expect(events.filter((e) => e.killer !== "kernel").map((e) => e.killer), label).toEqual([]);
  const got = events.flatMap((e) => e.kills);
  const want = report.baseline.kills;
  if (keep === undefined) {
    expect(got.map(killView), label).toEqual(want.map(killView));
    expect(events.filter((e) => e.kills.length > 0).map((e) => [e.complete, e.missing]), label).toEqual([[report.baseline.complete, report.baseline.missing]]);
    return;
  }
  // Cut: every kill whose kill line is still there is read as before; nothing else is invented; an event whose
  // kill line was cut away says it is incomplete.
  // A kill line counts as present when it survived the cut, even if its record did not end (a continuation
  // line after it was cut away): the kill is on that line.
  const keptText = [...keptRecords.map((i) => records[i].message), bytes.toString("utf8")];
  const present = want.filter((k) => keptText.some((m) => killedLine(k.pid).test(m)));
  for (const k of present) expect(got.map(killView), label).toContainEqual(killView(k));
  expect(got.every((k) => want.some((w) => w.pid === k.pid)), `${label}: invented kill ${got.map((k) => k.pid)}`).toBe(true);
  for (const e of events) {
    if (e.kills.some((k) => !present.some((p) => p.pid === k.pid))) expect(e.complete, `${label}: partial kill marked complete`).toBe(false);
  }
}

describe("real reports re-wrapped in every envelope, through the real pipeline", () => {
  it("each report in each envelope, untouched, gives the original kills", async () => {
    expect(reports.length).toBeGreaterThanOrEqual(19);
    for (const report of reports) {
      for (const writer of WRITER_NAMES) await check(report, { writer, foreign: [], crlf: false, cut: undefined });
    }
  }, 240_000);

  it("with foreign lines interleaved, CRLF line ends, or cut at any line (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: reports.length - 1 }),
        fc.record({
          writer: fc.constantFrom(...WRITER_NAMES),
          foreign: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: FOREIGN.length - 1 })), { maxLength: 12 }),
          crlf: fc.boolean(),
          cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined, freq: 2 }),
        }),
        async (r, v) => check(reports[r], v),
      ),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  }, 240_000);

  it("the writers cover every format the reader knows, except the self-describing plain text", async () => {
    const { FORMAT_NAMES } = await import("../../grammars/envelope/index.js");
    const written = new Set(WRITER_NAMES.map(readerFormat));
    expect(FORMAT_NAMES.filter((f) => !written.has(f))).toEqual(["plain"]);
  });
});
