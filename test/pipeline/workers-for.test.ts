import { describe, expect, it } from "vitest";
import { defaultWorkers, workersFor } from "../../src/pipeline/parallel-scan.js";
import type { InputSource } from "../../src/sources/input-list.js";

const file = (name: string, size: number): InputSource => ({ path: name, kind: "file", mtime: null, size, fromDirectory: true });
// Eight 32 MiB rotated logs, the shape of the bench's rotated directory.
const rotated = Array.from({ length: 8 }, (_, i) => file(`syslog.${i + 1}.gz`, 32 << 20));

describe("workersFor", () => {
  it("starts no worker by default on two cores or fewer (one process already uses both)", () => {
    expect(defaultWorkers(1)).toBe(1);
    expect(defaultWorkers(2)).toBe(1);
    expect(workersFor(rotated, undefined, 2)).toBe(1);
  });

  it("one per core above two cores, never more than files, and none for small inputs or stdin", () => {
    expect(defaultWorkers(8)).toBe(8);
    // Running from the TypeScript sources there is no compiled worker: 1 either way, so only the cap is checked here.
    expect(workersFor(rotated, undefined, 8)).toBeLessThanOrEqual(8);
    expect(workersFor(rotated.slice(0, 2), undefined, 8)).toBeLessThanOrEqual(2);
    expect(workersFor([file("a", 100), file("b", 100)], undefined, 8)).toBe(1);
    expect(workersFor([...rotated, { path: "-", kind: "stdin", mtime: null, size: null, fromDirectory: false }], 4, 8)).toBe(1);
  });
});
