import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { SAMPLES } from "../cli/run-cli.js";

// Real rsyslog output of the development VM (samples/README.md): imklog read the kernel ring buffer,
// ten memcg OOM kills in it, and wrote it with three of rsyslog's own templates.
const dir = path.join(SAMPLES, "this-machine/rsyslog");
const cases = [
  ["kern.log", "syslog-rfc3164"],
  ["kern-precise.log", "syslog-iso"],
  ["kern-rfc5424.log", "syslog-rfc5424"],
] as const;

describe("rsyslog files of a real kernel log", () => {
  for (const [file, format] of cases) {
    it(`${file} is read as ${format}, every kill complete with the kernel's own uptime`, async () => {
      const text = readFileSync(path.join(dir, file), "utf8");
      const kills = [...text.matchAll(/\[\s*([\d.]+)\] Memory cgroup out of memory: Killed process (\d+) \(python3\)/g)];
      expect(kills).toHaveLength(10);
      const doc = await parseLogs([path.join(dir, file)]);
      expect(doc.inputs[0].format).toBe(format);
      expect(doc.events.map((e) => e.kills[0]?.pid)).toEqual(kills.map((m) => Number(m[2])));
      expect(doc.events.every((e) => e.complete && e.host === "vm" && e.time.wall !== null)).toBe(true);
    });
  }
});
