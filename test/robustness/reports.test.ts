// Every real report of the corpus (test/fixtures/oom/**, test/fixtures/envelope/go-leak/*), damaged the ways
// incident logs are damaged: cut, with a section lost, with foreign lines in between, interleaved with another
// report. Ground truth is the kill lines still present in the damaged text (killsNamedIn reads them with a regex,
// independently of the grammar): no kill may be lost or invented, and an event that lost a section says so.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OomEvent } from "../../src/events/oom-event.js";
import type { LogRecord } from "../../src/records/log-record.js";
import { assemble, killPids } from "../assemble/run.js";
import { corpusReports, killsNamedIn, sectionOf, sorted, type CorpusReport, type Section } from "./corpus.js";
import { fastCheckSeed } from "../fc-seed.js";

const SEED = fastCheckSeed("robustness/reports");

const REPORTS = corpusReports();
/** Counted and logged at the end: the note of issue 7 states how many cases ran. */
let cases = 0;

/**
 * Where to cut a report: at every record, except inside long task tables (RHEL6 `messages` reports hold up to
 * 1000 rows of one kind) where every 25th row and the rows next to a section change are enough: all rows of a
 * table are read by the same rule, and cutting each of them would cost minutes.
 */
function cutPoints(recs: LogRecord[]): number[] {
  const sections = recs.map(sectionOf);
  const points: number[] = [];
  for (let k = 0; k <= recs.length; k++) {
    const inTable = k > 2 && k < recs.length - 2 && sections.slice(k - 2, k + 3).every((s) => s === "tasks");
    if (recs.length <= 150 || !inTable || k % 25 === 0) points.push(k);
  }
  return points;
}

function killEvents(events: OomEvent[]): OomEvent[] {
  return events.filter((e) => e.kills.length > 0);
}

describe(`every real report of the corpus (${REPORTS.length} reports), damaged`, () => {
  it("finds the corpus reports (a guard: the tests below must not pass on nothing)", () => {
    // 29 kills in go-leak dmesg (×7 envelope copies), 20 in out-of-memory/messages, …: well over 200 reports.
    expect(REPORTS.length).toBeGreaterThan(200);
  });

  it("cut at each line, from the end and from the start: every kill line left is a kill, none is invented", () => {
    // The go-leak reports come in seven envelopes with the same records inside: each text is cut once.
    const seen = new Set<string>();
    for (const rep of REPORTS) {
      const text = rep.records.map((r) => r.message).join("\n");
      if (seen.has(text)) continue;
      seen.add(text);
      for (const k of cutPoints(rep.records)) {
        for (const part of [rep.records.slice(0, k), rep.records.slice(k)]) {
          cases++;
          const events = assemble(part);
          expect(sorted(killPids(events)), `${rep.name} cut at record ${k}`).toEqual(killsNamedIn(part));
          for (const e of events) if (e.kind === "oom-kill" && e.kills.length === 0) expect(e.complete).toBe(false);
          // A part without the header line: the events that hold a kill say the header is missing.
          if (!part.some((r) => sectionOf(r) === "header")) {
            for (const e of killEvents(events)) expect(e.missing, `${rep.name} from record ${k}`).toContain("header");
          }
        }
      }
    }
  });

  it("with each section removed: kills kept, and the lost header/tasks/meminfo/memcg named in `missing`", () => {
    const all: Section[] = ["header", "trace", "meminfo", "memcg", "tasks", "constraint", "kill"];
    for (const rep of REPORTS) {
      for (const section of all) {
        const kept = rep.records.filter((r) => sectionOf(r) !== section);
        if (kept.length === rep.records.length) continue;
        cases++;
        const events = assemble(kept);
        expect(sorted(killPids(events)), `${rep.name} without ${section}`).toEqual(killsNamedIn(kept));
        const named: Partial<Record<Section, string>> = { header: "header", tasks: "tasks" };
        if (rep.event.memInfo !== null && rep.event.memcg === null) named.meminfo = "meminfo";
        if (rep.event.memcg?.usageKb != null) named.memcg = "memcg";
        const expected = named[section];
        if (expected && !rep.event.missing.includes(expected)) {
          for (const e of killEvents(events)) {
            expect(e.missing, `${rep.name} without ${section}`).toContain(expected);
            expect(e.complete).toBe(false);
          }
        }
      }
    }
  });

  // Real foreign lines met inside reports: cadvisor case3 (docker0/veth), parseoom/messages (UFW),
  // out-of-memory/messages (rsyslogd rate-limit notice), systemd's unit notice (go-leak run).
  const FOREIGN: Array<{ ident: string | null; message: string }> = [
    { ident: null, message: "docker0: port 2(veth380a1cd) entered disabled state" },
    { ident: "kernel", message: "[UFW BLOCK] IN=eth0 OUT= MAC=f2:3c:91:e2:47:cc:00:1b:54:c2:50:c1:08:00 SRC=45.134.26.57 DST=72.14.187.238 LEN=40" },
    { ident: "rsyslogd-2177", message: "imuxsock begins to drop messages from pid 3287 due to rate-limiting" },
    { ident: "systemd", message: "leaky.service: A process of this unit has been killed by the OOM killer." },
  ];

  it("with a foreign line between every two of its lines: the same kills, and the same `missing`", () => {
    for (const rep of REPORTS) {
      for (let f = 0; f < FOREIGN.length; f++) {
        cases++;
        const mixed: LogRecord[] = [];
        rep.records.forEach((r, i) => {
          mixed.push(r);
          // Rotate through the foreign lines so each report meets every kind at every position over the runs.
          const x = FOREIGN[(f + i) % FOREIGN.length];
          mixed.push({ ...r, lineCount: 1, ident: r.ident === null && x.ident === "kernel" ? null : x.ident, message: x.message });
        });
        const events = killEvents(assemble(mixed));
        expect(sorted(killPids(events)), rep.name).toEqual(sorted(killPids([rep.event])));
        expect(events.map((e) => e.missing), rep.name).toEqual([rep.event.missing]);
      }
    }
  });

  /** B's records moved to A's clock: two CPUs (or two hosts) printing their reports at the same moment. */
  function alignedTo(a: CorpusReport, b: CorpusReport, tag: (r: LogRecord) => LogRecord): LogRecord[] {
    const a0 = a.records[0];
    const b0 = b.records[0];
    return b.records.map((r) =>
      tag({
        ...r,
        uptime: r.uptime !== null && a0.uptime !== null && b0.uptime !== null ? a0.uptime + (r.uptime - b0.uptime) : r.uptime,
        wall: r.wall !== null && a0.wall !== null && b0.wall !== null ? a0.wall + (r.wall - b0.wall) : r.wall,
      }),
    );
  }

  /** Merges two record lists in the order `schedule` says (true: next of A), keeping each list's own order. */
  function interleave(a: LogRecord[], b: LogRecord[], schedule: boolean[]): LogRecord[] {
    const out: LogRecord[] = [];
    let i = 0;
    let j = 0;
    let s = 0;
    while (i < a.length || j < b.length) {
      const takeA = j >= b.length || (i < a.length && schedule[s++ % schedule.length]);
      out.push(takeA ? a[i++] : b[j++]);
    }
    return out;
  }

  const BY: Record<string, (side: "a" | "b") => (r: LogRecord) => LogRecord> = {
    // printk caller ids (`[  T123]`, 4.18+ CONFIG_PRINTK_CALLER): two tasks OOMing at once on one host.
    caller: (side) => (r) => ({ ...r, callerId: side === "a" ? "T4242" : "T777" }),
    // one syslog collecting two hosts.
    host: (side) => (r) => ({ ...r, host: side === "a" ? "node-a" : "node-b" }),
  };

  function checkPair(a: CorpusReport, b: CorpusReport, by: string, schedule: boolean[]): void {
    const ra = a.records.map(BY[by]("a"));
    const rb = alignedTo(a, b, BY[by]("b"));
    const events = killEvents(assemble(interleave(ra, rb, schedule)));
    const label = `${a.name} × ${b.name} by ${by}`;
    expect(sorted(killPids(events)), label).toEqual(sorted([...killPids([a.event]), ...killPids([b.event])]));
    const missingOf = (pid: number, es: OomEvent[]) => es.find((e) => e.kills.some((k) => k.pid === pid))?.missing;
    for (const e of [a.event, b.event]) expect(missingOf(e.kills[0].pid, events), label).toEqual(e.missing);
  }

  const disjoint = (a: CorpusReport, b: CorpusReport) => !killPids([a.event]).some((p) => killPids([b.event]).includes(p));

  it("interleaved line by line with the next report (by caller id, by host): the same kills, the same `missing`", () => {
    for (let i = 0; i + 1 < REPORTS.length; i++) {
      const [a, b] = [REPORTS[i], REPORTS[i + 1]];
      if (!disjoint(a, b)) continue;
      for (const by of Object.keys(BY)) {
        cases++;
        checkPair(a, b, by, [true, false]);
      }
    }
  });

  it("interleaved in random order with any other report (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.nat(REPORTS.length - 1),
        fc.nat(REPORTS.length - 1),
        fc.constantFrom(...Object.keys(BY)),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }),
        (i, j, by, schedule) => {
          const [a, b] = [REPORTS[i], REPORTS[j]];
          fc.pre(i !== j && disjoint(a, b));
          cases++;
          checkPair(a, b, by, schedule);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
    console.log(`robustness/reports: ${cases} damaged-report cases over ${REPORTS.length} reports (seed ${SEED})`);
  });
});
