import { describe, expect, it } from "vitest";
import { workersFor } from "../../src/pipeline/parallel-scan.js";
import { lanesFor } from "../../src/pipeline/overlapped-scan.js";
import type { InputSource } from "../../src/sources/input-list.js";

const file = (name: string, size: number): InputSource => ({ path: name, kind: "file", mtime: null, size, fromDirectory: true });
// Eight 32 MiB rotated logs, the shape of the bench's rotated directory.
const rotated = Array.from({ length: 8 }, (_, i) => file(`syslog.${i + 1}.gz`, 32 << 20));
const stdin: InputSource = { path: "-", kind: "stdin", mtime: null, size: null, fromDirectory: false };

describe("workersFor", () => {
  it("starts no worker unless --jobs asks for two or more (each costs ~50 MiB)", () => {
    // As if built: running from the TypeScript sources there is no compiled worker to start (then always 1).
    const built = () => true;
    expect(workersFor(rotated, undefined, built)).toBe(1);
    expect(workersFor(rotated, 1, built)).toBe(1);
    expect(workersFor(rotated, 4, built)).toBe(4);
    expect(workersFor(rotated.slice(0, 2), 8, built)).toBe(2);
    expect(workersFor([...rotated, stdin], 4, built)).toBe(1);
    expect(workersFor(rotated, 4, () => false)).toBe(1);
  });
});

describe("lanesFor", () => {
  it("scans a file per core at a time in this thread (two to four), one for a single input, stdin or --jobs 1", () => {
    expect(lanesFor(rotated, undefined, 1)).toBe(2);
    expect(lanesFor(rotated, undefined, 2)).toBe(2);
    expect(lanesFor(rotated, undefined, 3)).toBe(3);
    expect(lanesFor(rotated, undefined, 64)).toBe(4);
    expect(lanesFor(rotated.slice(0, 1), undefined, 8)).toBe(1);
    expect(lanesFor([...rotated, stdin], undefined, 8)).toBe(1);
    expect(lanesFor(rotated, 1, 8)).toBe(1);
  });
});
