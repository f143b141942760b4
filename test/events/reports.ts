import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Kill, OomEvent } from "../../src/events/oom-event.js";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { createRecordReader } from "../../src/records/record-reader.js";
import type { LogRecord } from "../../src/records/log-record.js";
import type { WrapRecord } from "./rewrap.js";

/** One real OOM report of the corpus fixtures: its records, ready to be written in another envelope, and what the pipeline reads from the original file. */
export interface RealReport {
  name: string;
  records: WrapRecord[];
  baseline: OomEvent;
}

const OOM_DIR = fileURLToPath(new URL("../fixtures/oom/", import.meta.url));

/** Reports to re-wrap: every report of the single-report fixtures, plus a few of the long multi-report logs. */
const PICKS: { rel: string; events: number[] | "all" }[] = [
  { rel: "seed/seed-dmesg.txt", events: "all" },
  { rel: "parseoom/messages", events: "all" },
  { rel: "BOoM/tests__fixtures__example_oomkill.txt", events: "all" },
  { rel: "BOoM/tests__fixtures__exemple2.txt", events: "all" },
  { rel: "OOMAnalyser/OOMAnalyser.py__OOMDisplay.example_archlinux_6_1_1.log", events: "all" },
  { rel: "OOMAnalyser/OOMAnalyser.py__OOMDisplay.example_proxmox_cgroup_oom.log", events: "all" },
  { rel: "OOMAnalyser/OOMAnalyser.py__OOMDisplay.example_rhel7.log", events: "all" },
  { rel: "OOMAnalyser/OOMAnalyser.py__OOMDisplay.example_ubuntu2110.log", events: "all" },
  { rel: "cadvisor/utils__oomparser__oomparser_test.go__TestStreamOOMs_case1_memcg_v1_3.13.log", events: "all" },
  { rel: "cadvisor/utils__oomparser__oomparser_test.go__TestStreamOOMs_case2_global_3.13.log", events: "all" },
  { rel: "cadvisor/utils__oomparser__oomparser_test.go__TestStreamOOMs_case3_docker_memcg_4.8_part1.log", events: "all" },
  { rel: "cadvisor/utils__oomparser__oomparser_test.go__TestStreamOOMs_case3_docker_memcg_4.8_part2.log", events: "all" },
  { rel: "cadvisor/utils__oomparser__oomparser_test.go__consts.log", events: "all" },
  { rel: "out-of-memory/tests__assets__logs__messages.1", events: "all" },
  // go-leak: the python3 probe, the first leaky kill and the run's last two (6.18, cgroup v1).
  { rel: "go-leak/dmesg.txt", events: [0, 1, 27, 28] },
  // RHEL6 2.6.32: the first report, and the third, whose task table header rsyslog lost.
  { rel: "out-of-memory/tests__assets__logs__messages", events: [0, 2] },
];

function readRecords(file: string): LogRecord[] {
  const reader = createRecordReader({ source: file });
  const out: LogRecord[] = [];
  const lines = readFileSync(file, "utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((l, i) => out.push(...reader.push(l.replace(/\r$/, ""), i + 1)));
  out.push(...reader.end());
  return out;
}

/**
 * The records of each picked report: from its first line to its last, plus up to 3 lines after it (an
 * `oom_reaper` line) but never into the next report. Records without an uptime (dmesg -T, bare pasted lines) get
 * one 1 µs after the previous, from 5000 s.
 */
export async function loadReports(): Promise<RealReport[]> {
  const out: RealReport[] = [];
  for (const { rel, events } of PICKS) {
    const file = path.join(OOM_DIR, rel);
    const doc = await parseLogs([file]);
    const all = readRecords(file);
    const picked = events === "all" ? doc.events.map((_, i) => i) : events;
    for (const i of picked) {
      const e = doc.events[i];
      const next = doc.events[i + 1]?.source.lineStart ?? Infinity;
      const last = Math.min(e.source.lineEnd + 3, next - 1);
      let clock = 5_000_000_000;
      const records = all
        .filter((r) => r.line >= e.source.lineStart && r.line <= last)
        .map((r): WrapRecord => {
          clock = r.uptime !== null ? Math.round(r.uptime * 1e6) : clock + 1;
          const ident = r.ident ?? "kernel";
          return { message: r.message, uptimeUs: clock, level: r.level ?? 4, host: "web-1", ident, pid: null };
        });
      out.push({ name: `${rel}#${i}`, records, baseline: e });
    }
  }
  return out;
}

/** What must survive any re-wrap of a kill. */
export function killView(k: Kill) {
  return {
    pid: k.pid, comm: k.comm, uid: k.uid, score: k.score, totalVmKb: k.totalVmKb, anonRssKb: k.anonRssKb,
    fileRssKb: k.fileRssKb, shmemRssKb: k.shmemRssKb, pgtablesKb: k.pgtablesKb, oomScoreAdj: k.oomScoreAdj,
  };
}
