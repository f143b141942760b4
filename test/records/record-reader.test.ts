import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createRecordReader } from "../../src/records/record-reader.js";
import { FORMAT_NAMES } from "../../grammars/envelope/index.js";
import { fixtureLines, readFixture, readLines } from "./read-fixture.js";

describe("multi-line records", () => {
  it("joins unindented continuation lines of dmesg -r (util-linux tests/ts/dmesg/newlines)", () => {
    const records = readFixture("util-linux-newlines");
    expect(records.map((r) => [r.line, r.lineCount, r.uptime, r.level, r.message])).toEqual([
      [1, 2, 1, 2, "new\nline"], // `<10>[    1.000000] new` + `line`
      [3, 3, 2, 4, "two\nnew\nlines"], // `<20>[    2.000000] two` + `new` + `lines`
    ]);
  });

  it("strips the message-column indentation util-linux prints (tests/expected/dmesg/indentation)", () => {
    const records = readFixture("util-linux-indentation");
    const byLine = new Map(records.map((r) => [r.line, r]));
    // lines 1-2: `[    1.000000] new` / `               line`
    expect(byLine.get(1)).toMatchObject({ format: "dmesg", uptime: 1, message: "new\nline", lineCount: 2 });
    expect(byLine.get(3)).toMatchObject({ format: "dmesg", uptime: 2, message: "two\nnew\nlines", lineCount: 3 });
    // lines 6-7: `user  :crit  : [    1.000000] new` / 30 spaces + `line`
    expect(byLine.get(6)).toMatchObject({ format: "dmesg-decode", level: 2, uptime: 1, message: "new\nline" });
    // lines 26-27: `[Fri Feb 13 23:31:31 2009] new`
    expect(byLine.get(26)).toMatchObject({ format: "dmesg-ctime", wall: Date.UTC(2009, 1, 13, 23, 31, 31), message: "new\nline" });
    // lines 33-35: `2009-02-13T23:31:32,123456+00:00 two`
    expect(byLine.get(33)?.message).toBe("two\nnew\nlines");
    expect(byLine.get(33)?.format).toBe("dmesg-iso");
    // lines 8-10 `mail  :warn  : [    2.000000] two` + 2 indented lines; line 11 starts the
    // `--time-format delta` block: not more text of line 8's record.
    expect(byLine.get(8)).toMatchObject({ message: "two\nnew\nlines", lineCount: 3 });
    expect(byLine.get(11)).toMatchObject({ format: "dmesg-delta", message: "new\nline", lineCount: 2, uptime: null, wall: null });
    // Lines 16-20 are the `--time-format notime` block: stampless lines right after a record read as more of its text.
    expect(byLine.get(13)).toMatchObject({ format: "dmesg-delta", message: "two\nnew\nlines\nnew\nline\ntwo\nnew\nlines", lineCount: 8 });
    // lines 21-25: `--time-format reltime`, `[Feb13 23:31] new` then `[  +1.000000] two`: one second later.
    expect(byLine.get(21)).toMatchObject({ format: "dmesg-delta", message: "new\nline", lineCount: 2 });
    expect(new Date(byLine.get(21)!.wall!).toISOString()).toMatch(/-02-13T23:31:00\.000Z$/);
    expect(byLine.get(23)!.wall! - byLine.get(21)!.wall!).toBe(1000);
  });

  it("/dev/kmsg records with raw newlines equal util-linux's --json rendering of them", () => {
    // tests/ts/dmesg/cid-kmsg-input is the input of tests/expected/dmesg/cid-kmsg-json.
    const fromKmsg = readFixture("util-linux-cid-kmsg-input");
    const fromJson = readFixture("util-linux-cid-kmsg-json");
    expect(fromKmsg.every((r) => r.format === "kmsg")).toBe(true);
    expect(fromJson.every((r) => r.format === "dmesg-json")).toBe(true);
    expect(fromKmsg).toHaveLength(58);
    const shape = (r: { uptime: number | null; level: number | null; callerId: string | null; message: string }) => [r.uptime, r.level, r.callerId, r.message];
    // The last record ends with the file's final newline, which dmesg keeps as "\n" in its msg.
    expect(fromKmsg.slice(0, -1).map(shape)).toEqual(fromJson.slice(0, -1).map(shape));
    expect(fromJson[57].message).toBe("User program Dmesg Test Message at debug priority\n");
    expect(fromKmsg[1].message).toContain("initrd=\\ucode.img"); // `\x5c` decoded
  });

  it("keeps the kernel's own leading space and joins a line broken in the file (peers/parseoom/messages)", () => {
    const records = readFixture("parseoom-messages", { mtime: new Date(Date.UTC(2022, 0, 5)) });
    const activeFile = records.find((r) => r.line === 33)!;
    expect(activeFile.message).toBe(" active_file:14 inactive_file:66 isolated_file:2"); // line 33
    // line 42 (`278804kB inactive_anon:…`) has no prefix: it continues line 41's record.
    const dma32 = records.find((r) => r.line === 41)!;
    expect(dma32.lineCount).toBe(2);
    expect(dma32.message.split("\n")[1].startsWith("278804kB inactive_anon:1620588kB")).toBe(true);
  });
});

describe("lines skipped by the prefilter", () => {
  it("a line after a gap is never a continuation", () => {
    const lines = fixtureLines("util-linux-newlines"); // `<10>[    1.000000] new`, `line`, …
    const records = readLines(lines.slice(0, 2), {}, [1, 3]);
    expect(records.map((r) => [r.line, r.format, r.message])).toEqual([
      [1, "dmesg-raw", "new"],
      [3, "plain", "line"],
    ]);
  });

  it("the broken parseoom line after a gap is its own plain record", () => {
    const lines = fixtureLines("parseoom-messages");
    const records = readLines([lines[40], lines[41]], { format: "syslog-rfc3164" }, [41, 43]);
    expect(records[0].message.includes("\n")).toBe(false);
    expect(records[1]).toMatchObject({ line: 43, format: "plain", uptime: null, host: null });
  });
});

describe("mixed formats", () => {
  it("reads interleaved dmesg and dmesg -x lines each in its own format", () => {
    const plain = fixtureLines("go-leak/dmesg.txt");
    const decoded = fixtureLines("go-leak/dmesg-x.txt");
    const mixed: string[] = [];
    for (let i = 2500; i < 2513; i++) mixed.push(i % 2 === 0 ? plain[i] : decoded[i]);
    const records = readLines(mixed, { format: "dmesg" });
    expect(records).toHaveLength(13);
    expect(records.map((r) => r.format)).toEqual(mixed.map((_, i) => ((2500 + i) % 2 === 0 ? "dmesg" : "dmesg-decode")));
    // dmesg(-x).txt line 2511: the kill at 4750.320556
    expect(records[10]).toMatchObject({ uptime: 4750.320556, format: "dmesg", level: null });
    expect(records[9].level).not.toBeNull();
  });

  it("a plain pasted block keeps prefixed lines' fields (OOMAnalyser rhel7 + a parseoom line)", () => {
    const block = fixtureLines("oomanalyser-rhel7.log").slice(0, 5);
    const syslogLine = fixtureLines("parseoom-messages")[94];
    const records = readLines([...block, syslogLine], { format: "plain" });
    expect(records.slice(0, 5).every((r) => r.format === "plain" && r.lineCount === 1)).toBe(true);
    expect(records[0].message).toBe("sed invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0");
    expect(records[5]).toMatchObject({ format: "syslog-rfc3164", host: "localhost", uptime: 75669.703275 });
  });

  it("decodes rsyslog #012 in plain text (OOMAnalyser rhel7 line 32)", () => {
    const records = readFixture("oomanalyser-rhel7.log");
    const memInfo = records.find((r) => r.line === 32)!;
    expect(memInfo.message.split("\n").slice(0, 2)).toEqual(["active_anon:7355653 inactive_anon:660960 isolated_anon:0", " active_file:1263 inactive_file:1167 isolated_file:32"]);
  });
});

describe("syslog clocks", () => {
  it("infers the year from mtime and keeps host, ident and inner uptime (parseoom, Dec 20)", () => {
    const records = readFixture("parseoom-messages", { mtime: new Date(Date.UTC(2022, 0, 5)) });
    const kill = records.find((r) => r.line === 95)!; // `Dec 20 03:17:52 localhost kernel: [75669.703275] Out of memory: Killed process 517`
    expect(kill).toMatchObject({ format: "syslog-rfc3164", host: "localhost", ident: "kernel", uptime: 75669.703275 });
    expect(kill.wall).toBe(Date.UTC(2021, 11, 20, 3, 17, 52));
    const sameYear = readFixture("parseoom-messages", { mtime: new Date(Date.UTC(2021, 11, 21)) });
    expect(sameYear.find((r) => r.line === 95)!.wall).toBe(Date.UTC(2021, 11, 20, 3, 17, 52));
  });

  it("rolls back across New Year and never goes past mtime", () => {
    // out-of-memory messages.1 lines 1 and 95 (Sep 29 08:12:34), re-dated to Dec 31 and Jan 1.
    const [first] = fixtureLines("out-of-memory-messages.1");
    const dec31 = first.replace("Sep 29 08:12:34", "Dec 31 23:59:58");
    const jan1 = first.replace("Sep 29 08:12:34", "Jan  1 00:00:03");
    const records = readLines([dec31, jan1], { mtime: new Date(Date.UTC(2026, 0, 1, 6)) });
    expect(records.map((r) => r.wall)).toEqual([Date.UTC(2025, 11, 31, 23, 59, 58), Date.UTC(2026, 0, 1, 0, 0, 3)]);
    expect(records[0].message).toContain("in:imjournal invoked oom-killer");
  });
});

describe("boots", () => {
  it("interleaved netfilter lines from another clock do not split a boot (peers/parseoom/messages)", () => {
    const records = readFixture("parseoom-messages");
    expect(records[0].uptime).toBe(20401658.918112); // line 1, UFW
    expect(records[1].uptime).toBe(75669.581768); // line 2, invoked oom-killer
    expect(new Set(records.map((r) => r.boot))).toEqual(new Set([0]));
  });

  it("`Linux version` after an OOM starts boot 1, and its [0.000000] lines stay in it (out-of-memory messages)", () => {
    const records = readFixture("out-of-memory-messages-32090-32300", { mtime: new Date(Date.UTC(2017, 5, 21)) });
    const kill = records.find((r) => r.message.startsWith("Killed process 14421"))!;
    const banner = records.find((r) => r.message.startsWith("Linux version 2.6.32-642.11.1.el6.x86_64"))!;
    const early = records.find((r) => r.uptime === 0 && r.message.startsWith("PID hash table entries"))!;
    expect(kill.boot).toBe(0);
    expect(kill.uptime).toBe(15180376.731468);
    expect(banner.boot).toBe(1);
    expect(early.boot).toBe(1);
    expect(Math.max(...records.map((r) => r.boot))).toBe(1);
  });

  it("a ring buffer read twice is two boots: uptime restarts (dmesg) and kmsg seq goes back", () => {
    const dmesg = fixtureLines("go-leak/dmesg.txt");
    const twice = readLines([...dmesg, ...dmesg]);
    expect(twice[2512].boot).toBe(0);
    expect(twice[2513]).toMatchObject({ boot: 1, uptime: 0.399629 });
    const kmsg = fixtureLines("go-leak/dev-kmsg.txt");
    // The second copy starts at seq 318 (dev-kmsg.txt line 1) after seq 2830 (last line).
    const kmsgTwice = readLines([...kmsg, ...kmsg]);
    expect(kmsgTwice[2513]).toMatchObject({ boot: 1, seq: 318 });
  });

  it("a backwards uptime late in a boot is a new boot when enough wall time passed (syslog)", () => {
    // parseoom line 95 (uptime 75669.7, Dec 20) and the same kernel line one day later at uptime 5000.
    const line = fixtureLines("parseoom-messages")[94];
    const nextDay = line.replace("Dec 20 03:17:52", "Dec 21 03:17:52").replace("[75669.703275]", "[ 5000.000000]");
    const sameSecond = line.replace("[75669.703275]", "[ 5000.000000]");
    const mtime = new Date(Date.UTC(2022, 0, 5));
    expect(readLines([line, nextDay], { mtime }).map((r) => r.boot)).toEqual([0, 1]);
    expect(readLines([line, sameSecond], { mtime }).map((r) => r.boot)).toEqual([0, 0]);
  });
});

describe("detection", () => {
  it.each([
    ["go-leak/dmesg.txt", "dmesg"],
    ["go-leak/dmesg-r.txt", "dmesg-raw"],
    ["go-leak/dmesg-x.txt", "dmesg-decode"],
    ["go-leak/dmesg-iso.txt", "dmesg-iso"],
    ["go-leak/dmesg-T.txt", "dmesg-ctime"],
    ["go-leak/dmesg.json", "dmesg-json"],
    ["go-leak/dev-kmsg.txt", "kmsg"],
    ["parseoom-messages", "syslog-rfc3164"],
    ["out-of-memory-messages.1", "syslog-rfc3164"],
    ["boom-exemple2.txt", "dmesg-ctime"],
    ["oomanalyser-proxmox.log", "dmesg-ctime"],
    ["oomanalyser-rhel7.log", "plain"],
    ["util-linux-cid-input", "dmesg-raw"],
    ["util-linux-cid-kmsg-input", "kmsg"],
  ])("%s is %s", (file, format) => {
    const reader = createRecordReader({ source: file });
    const lines = fixtureLines(file);
    lines.forEach((l, i) => reader.push(l, i + 1));
    reader.end();
    expect(reader.format()).toBe(format);
  });

  it("settles the format without waiting for fifty lines when the first ones are long (their text held meanwhile)", () => {
    // go-leak's dmesg with its first lines' messages made 400,000 characters long, as over-long lines are cut.
    const lines = fixtureLines("go-leak/dmesg.txt").slice(0, 3).map((l) => l + "x".repeat(400_000));
    const reader = createRecordReader({ source: "long" });
    const records = [...reader.push(lines[0], 1)];
    expect(reader.format()).toBe(null);
    records.push(...reader.push(lines[1], 2), ...reader.push(lines[2], 3));
    expect(reader.format()).toBe("dmesg");
    records.push(...reader.push(fixtureLines("go-leak/dmesg.txt")[3], 4), ...reader.end());
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4]);
    expect(records[0].message.endsWith("x".repeat(400_000))).toBe(true);
  });

  it("reads French dmesg -T with non-ASCII month names (BOoM exemple2.txt line 1, `déc.`)", () => {
    const records = readFixture("boom-exemple2.txt");
    expect(records[0]).toMatchObject({ format: "dmesg-ctime", wall: Date.UTC(2025, 11, 17, 11, 32, 14), uptime: null });
    expect(records.every((r) => r.format === "dmesg-ctime")).toBe(true);
  });
});

describe("robustness", () => {
  it("never throws on arbitrary lines, whatever the format", () => {
    fc.assert(
      fc.property(fc.constantFrom(undefined, ...FORMAT_NAMES), fc.array(fc.string({ maxLength: 80 }), { maxLength: 30 }), (format, lines) => {
        const records = readLines(lines, format === undefined ? {} : { format });
        for (const r of records) expect(typeof r.message).toBe("string");
      }),
      { numRuns: 300 },
    );
  });

  it("journal export: a binary length mangled by UTF-8 decoding still gives the value, up to the next field", () => {
    // A binary MESSAGE whose 8 length bytes were mangled by UTF-8 decoding (U+FFFD), then a text entry.
    // The six NUL high bytes of the length show where the value starts; it ends at the next `KEY=` line.
    const lines = [
      "__REALTIME_TIMESTAMP=1795725051320556",
      "MESSAGE",
      "\ufffd\ufffd\u0000\u0000\u0000\u0000\u0000\u0000garbage",
      "more garbage",
      "_SOURCE_MONOTONIC_TIMESTAMP=4750320556",
      "",
      "__REALTIME_TIMESTAMP=1795725052353009",
      "MESSAGE=leaky-run[11877]: cycle 4 end pid=14060 exit_status=137 wall_unix=1795725052.353009068",
      "",
    ];
    const records = readLines(lines, { format: "journal-export" });
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ line: 1, lineCount: 6, uptime: 4750.320556, message: "garbage\nmore garbage" });
    expect(records[1]).toMatchObject({ line: 7, message: "leaky-run[11877]: cycle 4 end pid=14060 exit_status=137 wall_unix=1795725052.353009068" });
  });
});
