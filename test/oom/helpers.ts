import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { LogRecord } from "../../src/records/log-record.js";

/**
 * Tiny test-only envelope: raw log lines → LogRecords, so the assembler can be tested before the envelope layer
 * exists. Strips `[ uptime] `, `dmesg -T` `[<any locale date> YYYY] `, and RFC3164 `Mon DD HH:MM:SS host ident: `
 * (+ an inner `[uptime] `). A line with none of these prefixes in a prefixed file continues the previous record
 * (dmesg indentation, a record cut mid-line); in a bare file every line is its own record.
 */
const SYSLOG = /^[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d (\S+) ([^\s:[]+)(?:\[\d+\])?: ?(.*)$/;
const UPTIME = /^\[\s*(\d+\.\d+)\] ?(.*)$/;
const CTIME = /^\[([^\]]*\d\d:\d\d:\d\d \d{4})\] ?(.*)$/;

export function recordsFromText(text: string, source = "test.log"): LogRecord[] {
  const lines = text.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const out: LogRecord[] = [];
  let prefixed: boolean | null = null;
  let boot = 0;
  let lastUptime: number | null = null;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    let host: string | null = null;
    let ident: string | null = null;
    let uptime: number | null = null;
    let msg: string | null = null;
    let m = SYSLOG.exec(line);
    if (m) {
      host = m[1];
      ident = m[2];
      msg = m[3];
      const u = ident === "kernel" ? UPTIME.exec(msg) : null;
      if (u) { uptime = Number(u[1]); msg = u[2]; }
    } else if ((m = UPTIME.exec(line))) {
      uptime = Number(m[1]);
      msg = m[2];
    } else if ((m = CTIME.exec(line))) {
      msg = m[2];
    }
    if (prefixed === null) prefixed = msg !== null;
    const prev = out[out.length - 1];
    if (msg === null && prefixed && prev) {
      prev.message += "\n" + line.trimStart();
      prev.lineCount++;
      return;
    }
    if (msg === null) msg = line;
    if (msg.startsWith("Linux version ")) boot++;
    else if (uptime !== null && lastUptime !== null && uptime < lastUptime - 1) boot++;
    if (uptime !== null) lastUptime = uptime;
    out.push({
      source, line: i + 1, lineCount: 1, format: "test", host, uptime, wall: null, level: null, callerId: null,
      ident, bootId: null, seq: null, boot, message: msg,
    });
  });
  return out;
}

/** A fixture file under test/fixtures/oom/. */
export function fixture(rel: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/oom/${rel}`, import.meta.url)), "utf8");
}

/** Every file of the OOM fixtures (peers' test suites, the go-leak run, the seed reports), recursively. */
export function oomFixtureFiles(dir: URL = new URL("../fixtures/oom/", import.meta.url)): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? oomFixtureFiles(new URL(`${d.name}/`, dir)) : [fileURLToPath(new URL(d.name, dir))]));
}
