import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { createRecordReader } from "../../src/records/record-reader.js";
import { SAMPLES } from "../cli/run-cli.js";

function records(file: string) {
  const r = createRecordReader({ source: file });
  const lines = readFileSync(file, "utf8").split("\n");
  const out = lines.flatMap((l, i) => r.push(l, i + 1));
  return [...out, ...r.end()].map((x) => ({ uptime: x.uptime, level: x.level, message: x.message }));
}

describe("dmesg --color=always", () => {
  it("reads like plain dmesg -x: util-linux's own colors fixture gives its decode fixture's records", () => {
    const dir = new URL("../fixtures/envelope/", import.meta.url).pathname;
    const colored = records(path.join(dir, "util-linux-colors"));
    expect(colored).toHaveLength(106);
    expect(colored).toEqual(records(path.join(dir, "util-linux-decode")));
  });

  it("keeps every kill of a real coloured ring buffer (this VM), complete", async () => {
    const file = path.join(SAMPLES, "this-machine/dmesg-color.txt");
    // The kill lines as the text carries them, between colour codes: `Killed process N (python3) total-vm:…, anon-rss:NkB`.
    const text = readFileSync(file, "utf8");
    const expected = [...text.matchAll(/Killed process (\d+) \(python3\) total-vm:\d+kB, anon-rss:(\d+)kB/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(expected.length).toBeGreaterThanOrEqual(10);
    const doc = await parseLogs([file]);
    expect(doc.events.map((e) => [e.kills[0]?.pid, e.kills[0]?.anonRssKb])).toEqual(expected);
    expect(doc.events.every((e) => e.complete)).toBe(true);
  });
});
