import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { createRecordReader } from "../../src/records/record-reader.js";
import { SAMPLES } from "../cli/run-cli.js";

// Real logs as people paste them into tickets, mails and Markdown: quoted (`> `, `> > `) or indented as a code block.
const dmesg = readFileSync(path.join(SAMPLES, "this-machine/dmesg.txt"), "utf8");
const syslog = readFileSync(path.join(SAMPLES, "archive/hnsin-varnish/messages"), "utf8");
const killsIn = (text: string) => [...text.matchAll(/Killed process (\d+)/g)].map((m) => Number(m[1]));

async function parsed(text: string) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "oomsleuth-paste-")), "pasted.txt");
  writeFileSync(file, text);
  return (await parseLogs([file])).events;
}

const decorate = (text: string, prefix: string) => text.split("\n").map((l) => (l ? prefix + l : l)).join("\n");

describe("logs pasted with decoration", () => {
  for (const [name, prefix] of [["quoted", "> "], ["quoted twice", "> > "], ["indented as a code block", "    "]] as const) {
    it(`dmesg ${name}: every kill, complete`, async () => {
      const events = await parsed(decorate(dmesg, prefix));
      expect(events.map((e) => e.kills[0]?.pid)).toEqual(killsIn(dmesg));
      expect(events.every((e) => e.complete && e.time.uptime !== null)).toBe(true);
    });
  }

  it("a quoted syslog keeps its kill, host and wall time", async () => {
    const events = await parsed(decorate(syslog, "> "));
    expect(events.map((e) => e.kills[0]?.pid)).toEqual(killsIn(syslog));
    expect(events.every((e) => e.complete && e.host === "hnsin-varnish" && e.time.wall !== null)).toBe(true);
  });

  // GNU grep's output: `FILE:` (-H), `LINE:` (-n), both, `-` instead of `:` on context lines, `--` between groups.
  const grep = (text: string, prefix: (n: number) => string) => text.split("\n").map((l, i) => (l ? prefix(i + 1) + l : l)).join("\n");
  for (const [name, prefix] of [
    ["grep -n", (n: number) => `${n}:`],
    ["grep -H", () => "/var/log/dmesg.0:"],
    ["zgrep -Hn", (n: number) => `kern.log-20261127.gz:${n}:`],
  ] as const) {
    it(`dmesg as \`${name}\` prints it: every kill, complete, with the kernel's uptime`, async () => {
      const events = await parsed(grep(dmesg, prefix));
      expect(events.map((e) => e.kills[0]?.pid)).toEqual(killsIn(dmesg));
      expect(events.every((e) => e.complete && e.time.uptime !== null)).toBe(true);
    });
  }

  it("grep's output read with its format given (`--format dmesg`): every kill, complete", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "oomsleuth-paste-")), "grep-n.txt");
    writeFileSync(file, grep(dmesg, (n) => `${n}:`));
    const events = (await parseLogs([file], { format: "dmesg" })).events;
    expect(events.map((e) => e.kills[0]?.pid)).toEqual(killsIn(dmesg));
    expect(events.every((e) => e.complete && e.time.uptime !== null)).toBe(true);
  });

  it("only the OOM lines of a syslog, as `grep -n -C1` prints them: each kill, with host and wall time", async () => {
    const lines = syslog.split("\n");
    const hits = new Set(lines.flatMap((l, i) => (/oom|Killed process/i.test(l) ? [i - 1, i, i + 1] : [])));
    const shown = [...hits].filter((i) => i >= 0 && i < lines.length && lines[i]).sort((a, b) => a - b);
    const text = shown.map((i, k) => `${k > 0 && shown[k - 1] !== i - 1 ? "--\n" : ""}${i + 1}${/oom|Killed process/i.test(lines[i]) ? ":" : "-"}${lines[i]}`).join("\n");
    expect(text).toMatch(/^\d+-/m);
    const events = await parsed(text);
    expect(events.flatMap((e) => e.kills.map((k) => k.pid))).toEqual(killsIn(syslog));
    expect(events.every((e) => e.host === "hnsin-varnish" && e.time.wall !== null)).toBe(true);
    // grep's `--` (lines left out) ends a record: it is never read as more of the record before it.
    const reader = createRecordReader({ source: "grep.txt" });
    const records = [...text.split("\n").flatMap((l, i) => reader.push(l, i + 1)), ...reader.end()];
    expect(records.filter((r) => r.message.includes("--"))).toEqual([]);
    expect(records.every((r) => r.format === "syslog-rfc3164")).toBe(true);
  });

  it("dmesg as a Kubernetes pod running `dmesg -w` logs it (CRI container log): every kill with the kernel's uptime", async () => {
    const events = await parsed(decorate(dmesg, "2026-11-27T03:45:49.123456789Z stdout F "));
    expect(events.map((e) => e.kills[0]?.pid)).toEqual(killsIn(dmesg));
    expect(events.every((e) => e.complete && e.time.uptime !== null && e.time.wall === "2026-11-27T03:45:49.123Z")).toBe(true);
  });
});
