// The same real ring buffer (go-leak, Linux 6.18) printed by every dmesg output format and read
// from /dev/kmsg must give the same records.
import { describe, expect, it } from "vitest";
import { fixtureLines, readFixture } from "./read-fixture.js";

const UPTIME_FORMATS = [
  ["go-leak/dmesg.txt", "dmesg"],
  ["go-leak/dmesg-r.txt", "dmesg-raw"],
  ["go-leak/dmesg-x.txt", "dmesg-decode"],
  ["go-leak/dmesg.json", "dmesg-json"],
  ["go-leak/dev-kmsg.txt", "kmsg"],
] as const;

describe("go-leak ring buffer in every dmesg format", () => {
  const reference = readFixture("go-leak/dmesg.txt");

  it("plain dmesg reads one record per line", () => {
    expect(reference).toHaveLength(2513);
    // dmesg.txt line 1: `[    0.399629]     --firecracker-init`
    expect(reference[0]).toMatchObject({ line: 1, uptime: 0.399629, message: "    --firecracker-init", format: "dmesg", boot: 0 });
    // dmesg.txt line 2511: the cycle-4 kill
    expect(reference[2510]).toMatchObject({ line: 2511, uptime: 4750.320556 });
    expect(reference[2510].message.startsWith("Memory cgroup out of memory: Killed process 14060 (leaky)")).toBe(true);
  });

  it.each(UPTIME_FORMATS)("%s is detected as %s and gives the same (uptime, message) list", (file, format) => {
    const records = readFixture(file);
    expect(records.every((r) => r.format === format)).toBe(true);
    expect(records.map((r) => [r.uptime, r.message])).toEqual(reference.map((r) => [r.uptime, r.message]));
    expect(new Set(records.map((r) => r.boot))).toEqual(new Set([0]));
  });

  it("the formats that carry a level agree on it for kernel-facility records", () => {
    const [raw, decode, json, kmsg] = ["go-leak/dmesg-r.txt", "go-leak/dmesg-x.txt", "go-leak/dmesg.json", "go-leak/dev-kmsg.txt"].map((f) =>
      readFixture(f).map((r) => r.level),
    );
    // util-linux prints the 72 `user` facility records (e.g. leaky-run markers written to /dev/kmsg as
    // pri 12, e.g. dev-kmsg.txt line 107 `12,422,…`; dmesg-x.txt `user  :warn  :`) as `<5>` in
    // -r and "pri": 5 in --json: -r and --json agree with each other, -x and kmsg with each other.
    expect(raw).toEqual(json);
    expect(decode).toEqual(kmsg);
    // Which records are kernel facility: dmesg-x.txt prints the facility (one line per record here).
    const xLines = fixtureLines("go-leak/dmesg-x.txt");
    const kernel = xLines.map((_, i) => i).filter((i) => xLines[i].startsWith("kern "));
    expect(kernel.length).toBe(2513 - 72);
    for (const i of kernel) expect(raw[i]).toBe(decode[i]);
    expect(raw[2510]).toBe(3); // dmesg-r.txt line 2511 `<3>[ 4750.320556] Memory cgroup out of memory`
    expect(kmsg[104]).toBe(4); // dev-kmsg.txt line 107 `12,422,…`: user.warn
  });

  it("kmsg keeps its sequence numbers and skips the dictionary lines (dev-kmsg.txt lines 21-22)", () => {
    const records = readFixture("go-leak/dev-kmsg.txt");
    const virtio = records.find((r) => r.message.startsWith("virtio_blk virtio1: [vda] new size"))!;
    expect(virtio).toMatchObject({ line: 20, seq: 337, uptime: 1.205801, level: 5 });
    expect(records.some((r) => r.message.includes("SUBSYSTEM="))).toBe(false);
    // dev-kmsg.txt line 2513: `3,2828,4750320556,-;Memory cgroup out of memory: Killed process 14060`
    expect(records[2510]).toMatchObject({ seq: 2828, line: 2513, level: 3 });
  });

  it("dmesg -T and --time-format iso carry the same messages with wall time", () => {
    const ctime = readFixture("go-leak/dmesg-T.txt");
    const iso = readFixture("go-leak/dmesg-iso.txt");
    expect(ctime.every((r) => r.format === "dmesg-ctime" && r.uptime === null)).toBe(true);
    expect(iso.every((r) => r.format === "dmesg-iso" && r.uptime === null)).toBe(true);
    expect(ctime.map((r) => r.message)).toEqual(reference.map((r) => r.message));
    expect(iso.map((r) => r.message)).toEqual(reference.map((r) => r.message));
    // dmesg-iso.txt line 2511: 2026-11-26T20:30:51,320556+00:00; dmesg-T.txt line 2511: [Thu Nov 26 20:30:51 2026]
    expect(iso[2510].wall).toBeCloseTo(Date.UTC(2026, 10, 26, 20, 30, 51) + 320.556, 3);
    expect(ctime[2510].wall).toBe(Date.UTC(2026, 10, 26, 20, 30, 51));
    // -T is the iso time truncated to the second; iso is boot time + uptime, one constant offset.
    iso.forEach((r, i) => expect(Math.floor(r.wall! / 1000) * 1000).toBe(ctime[i].wall));
    const bootMs = iso.map((r, i) => r.wall! - reference[i].uptime! * 1000);
    expect(Math.max(...bootMs) - Math.min(...bootMs)).toBeLessThan(1);
  });

  it("--boot-time turns uptime into wall time (README: precise boot 1795720301.266, iso output 0.27 s early)", () => {
    const withBoot = readFixture("go-leak/dmesg.txt", { bootTimeMs: 1795720301266 });
    const iso = readFixture("go-leak/dmesg-iso.txt");
    expect(withBoot[2510].wall! - iso[2510].wall!).toBeCloseTo(266, 0);
    expect(reference[2510].wall).toBeNull();
  });
});
