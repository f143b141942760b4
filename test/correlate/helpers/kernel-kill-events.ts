import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import type { OomEvent } from "../../../src/events/oom-event.js";

/**
 * Test-only builder: OomEvents from the real kill lines of test/fixtures/correlate/go-leak-*-kill-lines.txt
 * (`grep -n` output of `memory: usage`, `oom-kill:` and `Killed process` lines, so each line keeps its
 * number in the original file). It is not the kernel grammar: it reads just what the report needs,
 * so the correlate tests do not depend on the parser being written in parallel.
 */
export type Envelope = "dmesg" | "kmsg" | "iso";

export function fixturePath(name: string): string {
  return new URL(`../../fixtures/correlate/${name}`, import.meta.url).pathname;
}

export function killEvents(fixture: string, envelope: Envelope, opts: { path: string; host?: string | null }): OomEvent[] {
  const text = readFileSync(fixturePath(fixture), "utf8");
  const events: OomEvent[] = [];
  let usage: { usageKb: number; limitKb: number; failcnt: number } | null = null;
  let oomKill: { constraint: string; oomPath: string; taskPath: string; line: number } | null = null;
  for (const raw of text.split("\n")) {
    const colon = raw.indexOf(":");
    if (colon < 0) continue;
    const lineNo = Number(raw.slice(0, colon));
    const { uptime, wall, message } = splitEnvelope(raw.slice(colon + 1), envelope);
    const u = /^memory: usage (\d+)kB, limit (\d+)kB, failcnt (\d+)/.exec(message);
    if (u) {
      usage = { usageKb: Number(u[1]), limitKb: Number(u[2]), failcnt: Number(u[3]) };
      continue;
    }
    const o = /^oom-kill:constraint=([^,]+),.*,oom_memcg=([^,]*),task_memcg=([^,]*),/.exec(message);
    if (o) {
      oomKill = { constraint: o[1], oomPath: o[2], taskPath: o[3], line: lineNo };
      continue;
    }
    const k = /Killed process (\d+) \((.*?)\) total-vm:(\d+)kB, anon-rss:(\d+)kB, file-rss:(\d+)kB, shmem-rss:(\d+)kB, UID:(\d+) pgtables:(\d+)kB oom_score_adj:(-?\d+)/.exec(message);
    if (!k) continue;
    const host = opts.host ?? null;
    const pid = Number(k[1]);
    events.push({
      id: createHash("sha1").update(`${host ?? ""}|0|${uptime ?? wall}|${pid}`).digest("hex").slice(0, 16),
      killer: "kernel",
      kind: "oom-kill",
      complete: true,
      missing: [],
      source: { path: opts.path, lineStart: oomKill?.line ?? lineNo, lineEnd: lineNo },
      host,
      boot: 0,
      time: { uptime, wall },
      kernelVersion: null,
      trigger: null,
      constraint: oomKill?.constraint ?? null,
      memcg: oomKill
        ? { oomPath: oomKill.oomPath, taskPath: oomKill.taskPath, ...(usage ?? { usageKb: null, limitKb: null, failcnt: null }), swap: null, kmem: null, stats: null, container: null }
        : null,
      memInfo: null,
      tasks: null,
      kills: [
        {
          pid,
          comm: k[2],
          uid: Number(k[7]),
          score: null,
          totalVmKb: Number(k[3]),
          anonRssKb: Number(k[4]),
          fileRssKb: Number(k[5]),
          shmemRssKb: Number(k[6]),
          pgtablesKb: Number(k[8]),
          oomScoreAdj: Number(k[9]),
          reaped: null,
          line: message,
        },
      ],
      panic: null,
    });
    usage = null;
    oomKill = null;
  }
  return events;
}

function splitEnvelope(line: string, envelope: Envelope): { uptime: number | null; wall: string | null; message: string } {
  if (envelope === "dmesg") {
    const m = /^\[\s*(\d+\.\d+)\] (.*)$/.exec(line)!;
    return { uptime: Number(m[1]), wall: null, message: m[2] };
  }
  if (envelope === "kmsg") {
    const m = /^\d+,\d+,(\d+),[^;]*;(.*)$/.exec(line)!;
    return { uptime: Number(m[1]) / 1e6, wall: null, message: m[2] };
  }
  // dmesg --time-format iso: 2026-11-26T20:30:05,430226+00:00 (comma before the microseconds)
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d),(\d+)([+-]\d\d:\d\d) (.*)$/.exec(line)!;
  return { uptime: null, wall: new Date(Date.parse(`${m[1]}.${m[2].slice(0, 3)}${m[3]}`)).toISOString(), message: m[4] };
}
