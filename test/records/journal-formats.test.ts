import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { SAMPLES } from "../cli/run-cli.js";

// Real journal of the development VM (samples/README.md): systemd-journald ran while memcg OOM kills
// happened, then `journalctl -k -o <format>` (and `--no-hostname`) wrote each file.
const dir = path.join(SAMPLES, "this-machine/journal");
const files = readdirSync(dir).filter((f) => f.startsWith("journalctl-k-")).sort();
const short = readFileSync(path.join(dir, "journalctl-k-short.txt"), "utf8");
// From the text: `Killed process N (python3) total-vm:…, anon-rss:NkB`.
const expected = [...short.matchAll(/Killed process (\d+) \(python3\) total-vm:\d+kB, anon-rss:(\d+)kB/g)].map((m) => ({ pid: Number(m[1]), anonRssKb: Number(m[2]) }));
// `memory: usage NkB, limit NkB` of each report, in order.
const limits = [...short.matchAll(/kernel: memory: usage \d+kB, limit (\d+)kB/g)].map((m) => Number(m[1]));
// From the monotonic form: `[25412.983532] vm kernel: python3 invoked oom-killer…` (the header of each report).
const monotonic = readFileSync(path.join(dir, "journalctl-k-short-monotonic.txt"), "utf8");
const headerUptimes = [...monotonic.matchAll(/^\[\s*([\d.]+)\] vm kernel: \S+ invoked oom-killer/gm)].map((m) => Number(m[1]));

describe("journalctl output of a real journal, in every -o format", () => {
  it("has kills to find, in every output shape journalctl has", () => {
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(limits).toHaveLength(expected.length);
    expect(files).toHaveLength(15);
  });

  for (const file of files) {
    it(`${file}: the same complete kills`, async () => {
      const doc = await parseLogs([path.join(dir, file)]);
      expect(doc.warnings).toEqual([]);
      expect(doc.events.map((e) => ({ pid: e.kills[0].pid, anonRssKb: e.kills[0].anonRssKb }))).toEqual(expected);
      expect(doc.events.map((e) => e.memcg?.limitKb)).toEqual(limits);
      for (const e of doc.events) expect(e.complete).toBe(true);
      // The formats oomsleuth reads keep the host. cat, verbose, json-pretty and --no-hostname print none;
      // short-full, short-unix and with-unit are read by the plain format's salvage, which keeps only the message.
      if (!/cat|verbose|pretty|no-hostname|short-full|short-unix|with-unit/.test(file)) expect(doc.events.every((e) => e.host === "vm")).toBe(true);
      // Formats that carry the kernel's own timestamp give the header's uptime to the microsecond.
      if (/export|-json\.|json-seq|monotonic/.test(file)) expect(doc.events.map((e) => e.time.uptime)).toEqual(headerUptimes);
    });
  }
});
