import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import { buildReport } from "../../src/correlate/build-report.js";
import { parseUserspaceKill } from "../../src/userspace/userspace-kill.js";
import type { LogRecord } from "../../src/records/log-record.js";
import { killEvents } from "./helpers/kernel-kill-events.js";

const schema = JSON.parse(readFileSync(new URL("../../src/correlate/report.schema.json", import.meta.url), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

function journalRecord(message: string, ident: string, host: string, wall: number): LogRecord {
  return { source: "journal.txt", line: 3, lineCount: 1, format: "journalctl-short-iso", host, uptime: null, wall, level: null, callerId: null, ident, bootId: null, seq: null, boot: 0, message };
}

describe("report JSON schema", () => {
  // A real report: the go-leak kills from dmesg and /dev/kmsg (deduped), from dmesg --time-format iso, and two real
  // userspace kills (systemd/systemd issue #24185 oomd line is cut in the issue, so the pressure line of a public notes file is used).
  const events = [
    ...killEvents("go-leak-dmesg-kill-lines.txt", "dmesg", { path: "dmesg.txt" }),
    ...killEvents("go-leak-dev-kmsg-kill-lines.txt", "kmsg", { path: "dev-kmsg.txt" }),
    ...killEvents("go-leak-dmesg-iso-kill-lines.txt", "iso", { path: "web-1/dmesg", host: null }),
    parseUserspaceKill(
      journalRecord(
        "Killed /user.slice/user-1000.slice/user@1000.service/app.slice/app-code-892075.scope due to memory pressure for /user.slice/user-1000.slice/user@1000.service being 59.83% > 50.00% for > 20s with reclaim activity",
        "systemd-oomd",
        "pekka",
        Date.parse("2026-10-09T19:25:20Z"),
      ),
    )!,
    parseUserspaceKill(journalRecord('sending SIGTERM to process 7378 uid 1000 "tail": badness 156, VmRSS 4962 MiB', "earlyoom", "debian", Date.parse("2026-02-20T10:59:34Z")))!,
  ];
  const report = buildReport(events, {
    inputs: [{ path: "dmesg.txt", format: "dmesg", lines: 2513, bytes: 250000, gzip: false }],
    warnings: [{ path: "dmesg.txt", line: 12, message: "line of 2000000 bytes cut" }],
  });
  const json = JSON.parse(JSON.stringify(report));

  it("a real report validates", () => {
    const ok = validate(json);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // dmesg, kmsg and iso copies of the 29 kernel kills merged, plus the two userspace kills.
    expect(report.totals.kills).toBe(29 + 2);
    expect(report.groups.find((g) => g.killer === "systemd-oomd")).toMatchObject({ comm: "app-code-*.scope", hosts: ["pekka"] });
  });

  it("the schema rejects what breaks the contract", () => {
    const noFingerprint = structuredClone(json);
    delete noFingerprint.groups[0].fingerprint;
    expect(validate(noFingerprint)).toBe(false);
    const badTime = structuredClone(json);
    badTime.groups[0].lastSeen = "Nov 26 20:30:51";
    expect(validate(badTime)).toBe(false);
    const wrongSchema = { ...structuredClone(json), schema: "oomsleuth/report@2" };
    expect(validate(wrongSchema)).toBe(false);
  });
});
