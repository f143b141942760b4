import { describe, expect, it } from "vitest";
import { formatByName } from "../../grammars/envelope/index.js";
import { createRecordReader } from "../../src/records/record-reader.js";
import type { LogRecord } from "../../src/records/log-record.js";
import { BOOT_WALL_US, WRITERS, readerFormat, render, type WrapRecord } from "./rewrap.js";

// The writers of rewrap.ts must print what the real tools print. Each format's embedded real sample
// (grammars/envelope/*.ts) built from go-leak's cycle-4 kill line — dmesg.txt l.2511
// `[ 4750.320556] Memory cgroup out of memory: Killed process 14060 (leaky) …` — is written again here from its
// fields and must come out byte for byte (line formats) or read back to the sample's fields (structured formats).
const KILL = "Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0";
const record: WrapRecord = { message: KILL, uptimeUs: 4750320556, level: 3, host: "sandbox", ident: "kernel", pid: null };

function readBack(format: string, text: string): LogRecord[] {
  const reader = createRecordReader({ source: "t", format });
  const out: LogRecord[] = [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop(); // the final newline ends the last line; it does not start one
  lines.forEach((l, i) => out.push(...reader.push(l, i + 1)));
  out.push(...reader.end());
  return out;
}

describe("envelope writers reproduce the real samples", () => {
  it("the boot wall time matches go-leak dmesg-iso.txt l.2511 (20:30:51,320556 at uptime 4750.320556)", () => {
    expect(new Date((BOOT_WALL_US + 4750320556) / 1000).toISOString()).toBe("2026-11-26T20:30:51.320Z");
  });

  for (const name of Object.keys(WRITERS)) {
    const format = formatByName(readerFormat(name))!;
    const sample = format.samples.find((s) => s.line.includes("Killed process 14060") || s.line.includes("Killed process 517"));
    it(`${name}: written line reads back as the sample does`, () => {
      expect(format).toBeDefined();
      const text = render(WRITERS[name]([{ ...record, seq: 2828 }]), "\n").bytes.toString("utf8");
      const [r] = readBack(format.name, text);
      expect(r.message).toBe(KILL);
      expect(r.host ?? "sandbox").toBe("sandbox");
      // Real (not derived) single-line samples: dmesg, -r, -x, iso, -T, /dev/kmsg.
      if (sample && sample.line.includes("14060") && !sample.from.startsWith("derived") && !format.structured) {
        expect(text.split("\n")[0]).toBe(sample.line.split("\n")[0]);
      }
      if (sample?.expect.uptime !== undefined && r.uptime !== null) expect(r.uptime).toBeCloseTo(4750.320556, 6);
      if (r.wall !== null && name !== "syslog-rfc3164" && name !== "syslog-rfc3164-no-uptime" && name !== "journal-short" && name !== "dmesg-reltime") {
        expect(Math.floor(r.wall / 1000)).toBe(Math.floor((BOOT_WALL_US + 4750320556) / 1e6));
      }
      // dmesg -e prints only the minute of a run's first record.
      if (name === "dmesg-reltime") expect(r.wall).toBe(Math.floor((BOOT_WALL_US + 4750320556) / 60e6) * 60_000);
    });
  }

  it("a multi-line record survives every writer (journal-export as a binary field)", () => {
    // BOoM example_oomkill.txt l.33-36: one Mem-Info printk printed over four lines.
    const message = "active_anon:854636 mapped:1127599 pagetables:42642\n sec_pagetables:0 bounce:0\n kernel_misc_reclaimable:0\n free:33077 free_pcp:0 free_cma:0";
    // Not cri: the container runtime logs every physical line on its own, so dmesg's indented continuation lines
    // come back as records of their own (the OOM assembler reads a report line by line either way; the kill
    // matrix in rewrap.test.ts covers cri).
    for (const name of Object.keys(WRITERS).filter((n) => n !== "cri")) {
      const text = render(WRITERS[name]([{ ...record, message, level: 4 }, record]), "\n").bytes.toString("utf8");
      const got = readBack(readerFormat(name), text).map((r) => r.message);
      expect(got, name).toEqual([message, KILL]);
    }
  });
});

describe("journal-export binary lengths the UTF-8 line decoding would break", () => {
  // 10 and 266 hold a 0x0a length byte (splits the length line); 133 and 300 a byte >= 0x80 (mangled to U+FFFD).
  for (const size of [10, 133, 266, 300]) {
    it(`a ${size}-byte multi-line MESSAGE reads back whole`, () => {
      const message = ("Mem-Info:\n" + "x".repeat(size)).slice(0, size);
      const text = render(WRITERS["journal-export"]([{ ...record, message }, record]), "\n").bytes.toString("utf8");
      expect(readBack("journal-export", text).map((r) => r.message)).toEqual([message, KILL]);
    });
  }
});
