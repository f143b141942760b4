import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Makes a real OOM kill inside a child memory cgroup of this process's own cgroup (never
 * system-wide), and returns what a test needs to check the parser against the kernel.
 */
export interface RealOom {
  pid: number;
  limitBytes: number;
  cgroupPath: string;
  version: 1 | 2;
}

export type RealOomResult = { ok: true; oom: RealOom } | { ok: false; reason: string };

const LIMIT = 32 * 1024 * 1024;
// Allocates and touches 1 MiB at a time until killed; bounded at 512 MiB so it ends even without a limit.
const ALLOCATOR = "a=[]\nfor i in range(512):\n  a.append(bytearray(1<<20))\n";

export function makeRealOom(name: string): RealOomResult {
  if (process.getuid?.() !== 0) return { ok: false, reason: "not root: cannot create a memory cgroup" };
  const own = readFileSync("/proc/self/cgroup", "utf8").split("\n");
  const v1 = own.find((l) => /^\d+:([^:]*,)?memory(,[^:]*)?:/.test(l));
  if (v1 && existsSync("/sys/fs/cgroup/memory")) {
    const rel = v1.split(":")[2];
    const parent = path.join("/sys/fs/cgroup/memory", rel);
    return run(parent, rel, name, 1, (dir) => writeFileSync(path.join(dir, "memory.limit_in_bytes"), String(LIMIT)));
  }
  const v2 = own.find((l) => l.startsWith("0::"));
  if (v2 && existsSync("/sys/fs/cgroup/cgroup.controllers")) {
    const rel = v2.slice(3);
    const parent = path.join("/sys/fs/cgroup", rel);
    try {
      const ctl = readFileSync(path.join(parent, "cgroup.subtree_control"), "utf8");
      if (!ctl.includes("memory")) writeFileSync(path.join(parent, "cgroup.subtree_control"), "+memory");
    } catch (err) {
      return { ok: false, reason: `cgroup v2: cannot enable the memory controller below ${parent}: ${(err as Error).message}` };
    }
    return run(parent, rel, name, 2, (dir) => {
      writeFileSync(path.join(dir, "memory.max"), String(LIMIT));
      try { writeFileSync(path.join(dir, "memory.swap.max"), "0"); } catch { /* no swap accounting */ }
    });
  }
  return { ok: false, reason: "no memory cgroup controller mounted" };
}

function run(parent: string, rel: string, name: string, version: 1 | 2, limit: (dir: string) => void): RealOomResult {
  const dir = path.join(parent, name);
  try {
    if (!existsSync(dir)) mkdirSync(dir);
    limit(dir);
  } catch (err) {
    return { ok: false, reason: `cannot create ${dir}: ${(err as Error).message}` };
  }
  // The shell moves itself into the cgroup, prints its pid, then becomes the allocator (same pid).
  const child = spawnSync("sh", ["-c", `echo $$ > ${dir}/cgroup.procs && echo $$ && exec python3 -c '${ALLOCATOR}'`], { encoding: "utf8", timeout: 60_000 });
  try { rmdirSync(dir); } catch { /* the kernel may still be tearing the task down; leave it */ }
  const pid = Number(child.stdout.trim().split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return { ok: false, reason: `allocator did not start: ${child.stderr}` };
  if (child.signal !== "SIGKILL") return { ok: false, reason: `allocator was not killed (signal ${child.signal}, status ${child.status})` };
  const cgroupPath = path.posix.join(rel, name);
  return { ok: true, oom: { pid, limitBytes: LIMIT, cgroupPath, version } };
}
