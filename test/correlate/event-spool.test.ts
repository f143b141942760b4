import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { EventSpool } from "../../src/correlate/event-spool.js";

// Real text to spool: the RHEL6 archive (multi-megabyte once unpacked: more than one write batch in a single
// entry) and this VM's dmesg captures, whose colour codes and journal fields are not plain ASCII.
const archive = gunzipSync(readFileSync(new URL("../../samples/archive/new-db1/messages.1.gz", import.meta.url))).toString("utf8");
const dir = new URL("../../samples/this-machine/", import.meta.url);
const captures = readdirSync(dir).filter((f) => f.endsWith(".txt") || f.endsWith(".json")).map((f) => readFileSync(new URL(f, dir), "utf8"));

describe("event spool", () => {
  let spool: EventSpool | null = null;
  afterEach(() => spool?.close());

  it("gives back what was put at each position, the last put winning, across write batches and one oversized entry", () => {
    spool = new EventSpool();
    expect(archive.length).toBeGreaterThan(1 << 20);
    const texts = [...captures, archive, ...captures.map((c) => c.slice(0, 5000)), ...archive.split("\n").slice(0, 3000)];
    texts.forEach((t, i) => spool!.put(i, t));
    // A richer copy of a kill replaces the one kept at its position.
    spool.put(3, captures[0]);
    spool.put(texts.length - 1, archive.slice(100, 9000));
    const expected = [...texts];
    expected[3] = captures[0];
    expected[texts.length - 1] = archive.slice(100, 9000);
    expected.forEach((t, i) => expect(spool!.get(i)).toBe(t));
    // Read back out of order too (get() reads the file in blocks).
    for (let i = expected.length - 1; i >= 0; i -= 7) expect(spool.get(i)).toBe(expected[i]);
  });

  it("keeps every event, in memory, when the disk refuses its writes (/dev/full: a full disk)", () => {
    if (!existsSync("/dev/full")) return;
    spool = new EventSpool("/dev/full");
    const texts = [...captures, archive, ...archive.split("\n").slice(0, 2000)];
    texts.forEach((t, i) => spool!.put(i, t));
    texts.forEach((t, i) => expect(spool!.get(i)).toBe(t));
  });

  it("keeps its file in a private temporary directory, removed on close", () => {
    spool = new EventSpool();
    spool.put(0, captures[0]);
    const directory = spool.directory!;
    expect(directory.startsWith(tmpdir())).toBe(true);
    expect(statSync(directory).mode & 0o077).toBe(0);
    spool.close();
    spool = null;
    expect(existsSync(directory)).toBe(false);
  });
});
