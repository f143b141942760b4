import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InputError, openByteStream } from "../../src/sources/byte-stream.js";
import type { InputSource } from "../../src/sources/input-list.js";

// Real ring buffer of the development VM (samples/README.md).
const dmesg = readFileSync(new URL("../../samples/this-machine/dmesg.txt", import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "oomsleuth-bytes-"));

function file(name: string, bytes: Buffer): InputSource {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return { path: p, kind: "file", mtime: null, size: bytes.length, fromDirectory: false };
}

async function readAll(input: InputSource, stdin?: NodeJS.ReadableStream, reuseBuffer = false): Promise<Buffer> {
  const s = openByteStream(input, stdin, { reuseBuffer });
  const parts: Buffer[] = [];
  for await (const c of s.chunks) parts.push(Buffer.from(c)); // a copy: with reuseBuffer the next read overwrites c
  return Buffer.concat(parts);
}

describe("openByteStream", () => {
  it("reads a plain file as it is", async () => {
    expect((await readAll(file("dmesg.txt", dmesg))).equals(dmesg)).toBe(true);
  });

  it("recognises gzip by its magic bytes, whatever the name", async () => {
    const gz = gzipSync(dmesg);
    expect((await readAll(file("kern.log.2.gz", gz))).equals(dmesg)).toBe(true);
    expect((await readAll(file("messages-20240101", gz))).equals(dmesg)).toBe(true);
  });

  it("reads concatenated gzip members in turn", async () => {
    const half = dmesg.length >> 1;
    const gz = Buffer.concat([gzipSync(dmesg.subarray(0, half)), gzipSync(dmesg.subarray(half))]);
    expect((await readAll(file("two-members.gz", gz))).equals(dmesg)).toBe(true);
  });

  it("reads gzip from stdin", async () => {
    const stdin = Readable.from([gzipSync(dmesg)]);
    expect((await readAll({ path: "-", kind: "stdin", mtime: null, size: null, fromDirectory: false }, stdin)).equals(dmesg)).toBe(true);
  });

  it("says a truncated gzip is truncated, with the compressed byte offset", async () => {
    const gz = gzipSync(dmesg);
    const cut = gz.subarray(0, gz.length - 100);
    const err = await readAll(file("cut.gz", cut)).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/truncated gzip/);
    expect(err.byteOffset).toBeGreaterThan(0);
    expect(err.byteOffset).toBeLessThanOrEqual(cut.length);
  });

  it("says a corrupt gzip is corrupt", async () => {
    const gz = Buffer.from(gzipSync(dmesg));
    gz.fill(0x55, 40, 400);
    const err = await readAll(file("corrupt.gz", gz)).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/gzip/);
  });

  it("turns a missing file into an InputError, not a crash", async () => {
    const err = await readAll({ path: path.join(dir, "nope"), kind: "file", mtime: null, size: null, fromDirectory: false }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/no such file/);
  });

  it("stops at the size the file had when it was listed, with and without the reused buffer", async () => {
    // 2.5 MiB: several reads (64 KiB, then 1 MiB), the last one cut by the limit.
    const listed = Buffer.concat(Array.from({ length: Math.ceil((2.5 * (1 << 20)) / dmesg.length) }, () => dmesg));
    for (const reuse of [false, true]) {
      const input = file(`grown-${reuse}.log`, listed);
      appendFileSync(input.path, "[99999.000000] Memory cgroup out of memory: Killed process 1 (late)\n");
      const got = await readAll(input, undefined, reuse);
      expect(got.length).toBe(listed.length);
      expect(got.equals(listed)).toBe(true);
    }
  });

  it("reads a file whose size was not known (0 or null, as /proc files and FIFOs say) to its end", async () => {
    for (const size of [0, null]) {
      for (const reuse of [false, true]) {
        const input = { ...file("unsized.log", dmesg), size };
        expect((await readAll(input, undefined, reuse)).equals(dmesg)).toBe(true);
      }
    }
  });

  it("reads a small file and a file of exactly one read's size whole", async () => {
    const small = dmesg.subarray(0, 37);
    expect((await readAll(file("small.log", small), undefined, true)).equals(small)).toBe(true);
    const big = Buffer.concat(Array.from({ length: Math.ceil((1 << 20) / dmesg.length) + 1 }, () => dmesg)).subarray(0, 1 << 20);
    expect((await readAll(file("mib.log", big), undefined, true)).equals(big)).toBe(true);
  });
});
