import { describe, expect, it } from "vitest";
import { assembleFixture } from "./run.js";

// test/fixtures/oom/seed/seed-dmesg.txt: the dmesg block of corpus/seed/*.md (4.4.0-130-generic, docker memcg OOM).
// Its `Task in`/`memory:`/`memory+swap:`/`kmem:` lines are printed twice and its stats line is cut after `inacti`.
describe("seed excerpt (4.4 memcg OOM, duplicated lines)", () => {
  const events = assembleFixture("seed/seed-dmesg.txt");
  const e = events[0];

  it("gives exactly one event with one kill despite the duplicated lines", () => {
    expect(events).toHaveLength(1);
    expect(e.kills).toHaveLength(1);
  });

  it("reads the victim from `Killed process 11344 (main) total-vm:390360kB, anon-rss:183712kB, file-rss:1016kB`", () => {
    expect(e.kills[0]).toMatchObject({ pid: 11344, comm: "main", totalVmKb: 390360, anonRssKb: 183712, fileRssKb: 1016, shmemRssKb: null });
    // `Memory cgroup out of memory: Kill process 11344 (main) score 904 or sacrifice child`
    expect(e.kills[0].score).toBe(904);
  });

  it("reads the memcg counters (`memory: usage 204800kB, limit 204800kB, failcnt 4563` …)", () => {
    const path = "/docker/34186d9bd07706222bd427bb647ceed81e8e108eb653ff73c7137099fca1cab6";
    expect(e.memcg).toMatchObject({ oomPath: path, taskPath: path, usageKb: 204800, limitKb: 204800, failcnt: 4563 });
    expect(e.memcg?.memsw).toEqual({ usageKb: 0, limitKb: 9007199254740988, failcnt: 0 });
    expect(e.memcg?.kmem).toEqual({ usageKb: 7524, limitKb: 9007199254740988, failcnt: 0 });
  });

  it("stores the one-line stats in bytes and rejoins `inacti` + `ve_file:88KB`", () => {
    expect(e.memcg?.stats).toMatchObject({ cache: 108 * 1024, rss: 197168 * 1024, active_anon: 197168 * 1024, inactive_file: 88 * 1024, unevictable: 0 });
  });

  it("reads the two-row task table with nr_ptes/nr_pmds columns", () => {
    expect(e.tasks).toHaveLength(2);
    // `[10517]     0 10517    74852     4784      32       5        0             0 go`
    expect(e.tasks?.[0]).toMatchObject({ pid: 10517, uid: 0, tgid: 10517, totalVmPages: 74852, rssPages: 4784, nrPtes: 32, nrPmds: 5, swapents: 0, oomScoreAdj: 0, name: "go" });
    // `[11344]     0 11344    97590    46185     113       5        0             0 main`
    expect(e.tasks?.[1]).toMatchObject({ pid: 11344, totalVmPages: 97590, rssPages: 46185, nrPtes: 113, name: "main" });
  });

  it("reads the header and CPU line", () => {
    // `main invoked oom-killer: gfp_mask=0x24000c0, order=0, oom_score_adj=0`, `CPU: 2 PID: 11345 Comm: main … 4.4.0-130-generic`
    expect(e.trigger).toMatchObject({ comm: "main", pid: 11345, gfpMask: "0x24000c0", order: 0, oomScoreAdj: 0 });
    expect(e.kernelVersion).toBe("4.4.0-130-generic");
    expect(e.time.uptime).toBe(14808.06389);
    expect(e.complete).toBe(true);
    expect(e.kind).toBe("oom-kill");
    expect(e.id).toMatch(/^[0-9a-f]{16}$/);
  });
});
