import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { makeRealOom } from "./memcg-oom.js";

// A real OOM kill made by the kernel of the machine running the tests, read back from its own log.
const made = makeRealOom(`oomsleuth-test-${process.pid}`);
if (!made.ok) console.log(`real OOM test skipped: ${made.reason}`);

describe.skipIf(!made.ok)("a real kernel OOM on this machine", () => {
  const oom = made.ok ? made.oom : null!;

  it("is found in dmesg with the pid we spawned, CONSTRAINT_MEMCG and the limit we set", async () => {
    const dmesg = spawnSync("dmesg", [], { encoding: "utf8", maxBuffer: 64 << 20 });
    expect(dmesg.status).toBe(0);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "oomsleuth-real-")), "dmesg.txt");
    writeFileSync(file, dmesg.stdout);
    const doc = await parseLogs([file]);
    const event = doc.events.find((e) => e.kills.some((k) => k.pid === oom.pid));
    expect(event, `no event kills pid ${oom.pid}`).toBeDefined();
    const kill = event!.kills.find((k) => k.pid === oom.pid)!;
    expect(kill.comm).toBe("python3");
    expect(event!.constraint).toBe("CONSTRAINT_MEMCG");
    expect(event!.memcg?.limitKb).toBe(oom.limitBytes / 1024);
    // The kernel kills when the charge would exceed the limit: usage is at (v1) or just under (v2) it.
    expect(event!.memcg?.usageKb).toBeLessThanOrEqual(oom.limitBytes / 1024);
    expect(event!.memcg?.usageKb).toBeGreaterThan(0.9 * (oom.limitBytes / 1024));
    expect(event!.memcg?.oomPath).toBe(oom.cgroupPath);
    expect(event!.tasks?.some((t) => t.pid === oom.pid && t.name === "python3")).toBe(true);
    expect(event!.complete).toBe(true);
  });
});
