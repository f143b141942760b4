import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fg from "fast-glob";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const schema = JSON.parse(readFileSync(path.join(ROOT, "src/events/events.schema.json"), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

/** Every real log of the repository: samples/ (minus heap snapshots and notes) and the OOM corpus fixtures. */
const LOGS = fg
  .sync(["samples/**/*", "test/fixtures/oom/**/*"], { cwd: ROOT, onlyFiles: true })
  .filter((p) => !/\/heap\/|README\.md$|btime\.txt$|proc-stat\.txt$/.test(p))
  .sort();

function parseJson(args: string[]) {
  const r = runCli(["parse", "--json", ...args]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

function errorsOf(doc: unknown): string[] {
  validate(doc);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe("oomsleuth/events@1 JSON schema", () => {
  // One CLI run over every real log: the document the user gets.
  const doc = parseJson(LOGS.map((p) => path.join(ROOT, p)));

  it("validates `oomsleuth parse --json` of every real log in samples/ and test/fixtures/oom/", () => {
    expect(LOGS.length).toBeGreaterThanOrEqual(25);
    expect(errorsOf(doc)).toEqual([]);
    expect(doc.inputs).toHaveLength(LOGS.length);
    // Every input holds at least one kill line (`grep -c "Killed process"` > 0 in each), so each gives an event.
    // A kill read from several copies (dmesg, kmsg, journal…) is listed once with every copy in `sources`.
    type Src = { path: string };
    for (const p of LOGS) expect(doc.events.some((e: { source: Src; sources?: Src[] }) => (e.sources ?? [e.source]).some((s) => s.path.endsWith(p))), p).toBe(true);
  });

  it("validates userspace kills (real earlyoom and systemd-oomd lines in an RFC 3164 file)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "oomsleuth-schema-"));
    const file = path.join(dir, "messages");
    // The earlyoom line is from the earlyoom README; the systemd-oomd line from systemd/systemd issue #24185 (as
    // in test/correlate/report-schema.test.ts); the syslog prefixes are written here.
    writeFileSync(file, [
      'Feb 20 10:59:34 debian earlyoom[456]: sending SIGTERM to process 7378 uid 1000 "tail": badness 156, VmRSS 4962 MiB',
      "Oct  9 19:25:20 pekka systemd-oomd[612]: Killed /user.slice/user-1000.slice/user@1000.service/app.slice/app-code-892075.scope due to memory pressure for /user.slice/user-1000.slice/user@1000.service being 59.83% > 50.00% for > 20s with reclaim activity",
      "",
    ].join("\n"));
    const d = parseJson([file]);
    expect(errorsOf(d)).toEqual([]);
    expect(d.events.map((e: { killer: string }) => e.killer).sort()).toEqual(["earlyoom", "systemd-oomd"]);
  });

  it("rejects a renamed, mistyped or missing field", () => {
    const event = doc.events.find((e: { memcg: unknown }) => e.memcg !== null);
    const one = (mutate: (e: Record<string, any>) => void) => {
      const e = structuredClone(event);
      mutate(e);
      return errorsOf({ ...doc, events: [e] });
    };
    expect(one(() => {})).toEqual([]);
    expect(one((e) => { e.kills[0].anon_rss_kb = e.kills[0].anonRssKb; delete e.kills[0].anonRssKb; })).not.toEqual([]);
    expect(one((e) => { e.kills[0].pid = String(e.kills[0].pid); })).not.toEqual([]);
    expect(one((e) => { e.memcg.usage = e.memcg.usageKb; })).not.toEqual([]);
    expect(one((e) => { delete e.memcg.limitKb; })).not.toEqual([]);
    expect(one((e) => { e.time.wall = "Nov 26 20:30:51"; })).not.toEqual([]);
    expect(one((e) => { e.kind = "oom"; })).not.toEqual([]);
    expect(one((e) => { e.complete = true; e.missing = ["tasks"]; })).not.toEqual([]);
    expect(one((e) => { e.tasks[0].rss = 1; })).not.toEqual([]);
    expect(errorsOf({ ...doc, schema: "oomsleuth/events@2" })).not.toEqual([]);
    expect(errorsOf({ ...doc, extra: 1 })).not.toEqual([]);
  });
});
