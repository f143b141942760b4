import { describe, expect, it } from "vitest";
import { assemble, assembleFixture, killPids } from "./run.js";
import { fixture, recordsFromText } from "../oom/helpers.js";

// Every expected value below was read from the fixture text (file and line named in the comment), not from output.

describe("go-leak dmesg (6.18, cgroup v1, 29 kills)", () => {
  const events = assembleFixture("go-leak/dmesg.txt");
  it("finds the 29 kill lines of the ring buffer, in order", () => {
    // grep -o 'Killed process [0-9]*' go-leak/dmesg.txt
    expect(killPids(events)).toEqual([
      2230, 9237, 10530, 10907, 11368, 11889, 12969, 13411, 13877, 14605, 24468, 24971, 25373, 25748, 29321, 29708,
      30095, 30654, 8898, 9273, 9649, 10024, 10750, 10951, 11167, 12932, 13308, 13683, 14060,
    ]);
    expect(events.every((e) => e.complete && e.kills.length === 1)).toBe(true);
  });
  it("reads the run's four leaky kills (README table; dmesg lines 2258, 2338, 2431, 2511)", () => {
    const run = events.slice(-4);
    expect(run.map((e) => e.kills[0].anonRssKb)).toEqual([204032, 203904, 203904, 203904]);
    expect(run[0].kills[0]).toMatchObject({ pid: 12932, comm: "leaky", totalVmKb: 1366576, fileRssKb: 5648, shmemRssKb: 0, uid: 0, pgtablesKb: 560, oomScoreAdj: 0 });
    // `[ 4704.430088] memory: usage 204800kB, limit 204800kB, failcnt 152`
    expect(run[0].memcg).toMatchObject({ oomPath: "/sandbox/leaky", taskPath: "/sandbox/leaky", usageKb: 204800, limitKb: 204800, failcnt: 152 });
    expect(run[0].constraint).toBe("CONSTRAINT_MEMCG");
    expect(run[0].time.uptime).toBe(4704.429917); // the `leaky invoked oom-killer` line
    expect(run[0].kernelVersion).toBe("6.18.44-fc-v782");
  });
  it("reads the 6.8+ task table and the v1 memory.stat keys (bytes) of the first report (lines 24–103)", () => {
    const e = events[0];
    // `[  133.032513] [   2230]     0  2230    14676    13783    12192     1591         0   155648        0             0 python3`
    expect(e.tasks).toEqual([{
      pid: 2230, uid: 0, tgid: 2230, totalVmPages: 14676, rssPages: 13783, rssAnonPages: 12192, rssFilePages: 1591,
      rssShmemPages: 0, pgtablesBytes: 155648, swapents: 0, oomScoreAdj: 0, name: "python3",
    }]);
    expect(e.memcg?.stats).toMatchObject({ cache: 49152, rss: 50057216, total_rss: 50057216, hierarchical_memory_limit: 50331648 });
    expect(e.memcg?.memsw).toEqual({ usageKb: 49152, limitKb: 9007199254740988, failcnt: 0 });
    expect(e.memcg?.kmem).toEqual({ usageKb: 220, limitKb: 9007199254740988, failcnt: 0 });
    expect(e.trigger).toMatchObject({ comm: "python3", pid: 2230, gfpMask: "0xcc0", gfpFlags: ["GFP_KERNEL"] });
  });
});

describe("out-of-memory messages (RHEL6 2.6.32 syslog, 3.8 MB, rsyslog noise)", () => {
  const events = assembleFixture("out-of-memory/tests__assets__logs__messages");
  it("gives the 20 reports of the 20 `invoked oom-killer` lines, each with its kill", () => {
    // grep -o 'Killed process [0-9]*' messages
    expect(killPids(events)).toEqual([
      40738, 13929, 14278, 14290, 14293, 14301, 14302, 14303, 14334, 14335, 14358, 14361, 14362, 14393, 14396, 14397,
      14418, 14419, 14420, 14421,
    ]);
    expect(events.map((e) => e.source.lineStart).slice(0, 3)).toEqual([13978, 14859, 15816]);
  });
  it("reads the RHEL6 kill line `Killed process 40738, UID 27, (mysqld) …` (line 14857)", () => {
    expect(events[0].kills[0]).toMatchObject({ pid: 40738, comm: "mysqld", uid: 27, score: 16, totalVmKb: 6424316, anonRssKb: 13128, fileRssKb: 4 });
    expect(events[0].trigger).toMatchObject({ comm: "php-fpm", pid: 23212, gfpMask: "0x280da", oomAdj: 0, oomScoreAdj: 0 });
    expect(events[0].kernelVersion).toBe("2.6.32-642.11.1.el6.x86_64");
    expect(events[0].host).toBe("new-db1");
  });
  it("reads the `cpu oom_adj oom_score_adj` task table by its header", () => {
    const sshd = events[0].tasks?.find((t) => t.pid === 23447 || t.name === "sshd" && t.oomAdj === -17);
    expect(sshd).toMatchObject({ oomAdj: -17, oomScoreAdj: -1000, name: "sshd" });
    expect(events[0].complete).toBe(true);
  });
  it("keeps the block whose `[ pid ]` header line was lost (line 15816), marked incomplete", () => {
    expect(events[2].missing).toEqual(["tasks-header"]);
    expect(events[2].kills[0].pid).toBe(14278);
  });
  it("reads the RHEL8 4.18 file (messages.1): #012-joined Mem-Info, Kdump CPU line, oom-kill line", () => {
    const [e, ...rest] = assembleFixture("out-of-memory/tests__assets__logs__messages.1");
    expect(rest).toHaveLength(0);
    expect(e.kills[0]).toMatchObject({ pid: 3117813, comm: "cache-main", uid: 991, anonRssKb: 4805020, pgtablesKb: 21664 });
    expect(e.kernelVersion).toBe("4.18.0-553.8.1.el8_10.x86_64");
    expect(e.memInfo).toMatchObject({ active_anon: 33632, inactive_anon: 1327714, active_file: 43 });
    expect(e.memcg?.taskPath).toBe("/system.slice/varnish.service");
    expect(e.constraint).toBe("CONSTRAINT_NONE");
    expect(e.tasks).toHaveLength(35);
    expect(e.complete).toBe(true);
  });
});

describe("OOMAnalyser examples", () => {
  it("RHEL7 3.10 global OOM, bare text, #012 Mem-Info", () => {
    const [e] = assembleFixture("OOMAnalyser/OOMAnalyser.py__OOMDisplay.example_rhel7.log");
    expect(e.kills[0]).toMatchObject({ pid: 6576, comm: "mysqld", score: 651, totalVmKb: 33914892, anonRssKb: 20629004, shmemRssKb: 0 });
    expect(e.memInfo).toMatchObject({ active_anon: 7355653, free: 39513, "node1.Normal.free": 49436, pages_ram: 8379834, free_swap_kB: 0 });
    expect(e.tasks).toHaveLength(85);
    expect(e.kernelVersion).toBe("3.10.0-514.6.1.el7.x86_64");
    expect(e.complete).toBe(true);
  });
  it("Ubuntu 5.13 sysrq-f (order=-1), no swap", () => {
    const [e] = assembleFixture("OOMAnalyser/OOMAnalyser.py__OOMDisplay.example_ubuntu2110.log");
    expect(e.trigger).toMatchObject({ comm: "kworker/0:2", order: -1 });
    expect(e.kills[0]).toMatchObject({ pid: 651, comm: "unattended-upgr", fileRssKb: 12548 });
    expect(e.memInfo).toMatchObject({ free: 427891, total_swap_kB: 0, pages_ram: 524158 });
    expect(e.tasks?.find((t) => t.pid === 857)?.name).toBe("(sd-pam)");
  });
  it("Arch 6.1.1 with oom_reaper", () => {
    const [e] = assembleFixture("OOMAnalyser/OOMAnalyser.py__OOMDisplay.example_archlinux_6_1_1.log");
    expect(e.kills[0]).toMatchObject({ pid: 473206, comm: "doxygen", uid: 504, pgtablesKb: 59264, reaped: { anonRssKb: 0, fileRssKb: 0, shmemRssKb: 0 } });
    expect(e.tasks).toHaveLength(112);
    expect(e.kernelVersion).toBe("6.1.1-arch1-1");
  });
  it("Proxmox 5.15 cgroup-v2 memcg OOM, dmesg -T de_DE, memory.stat as an indented multi-line record", () => {
    const [e] = assembleFixture("OOMAnalyser/OOMAnalyser.py__OOMDisplay.example_proxmox_cgroup_oom.log");
    expect(e.memcg).toMatchObject({ oomPath: "/lxc/39004", usageKb: 31211520, limitKb: 31211520, failcnt: 83420, swap: { usageKb: 0, limitKb: 0, failcnt: 0 } });
    expect(e.memcg?.taskPath?.startsWith("/lxc/39004/ns/system.slice/docker-a59e4e7d")).toBe(true);
    expect(e.memcg?.stats).toMatchObject({ anon: 31154200576, file: 688283648, thp_collapse_alloc: 0 });
    expect(e.kills[0]).toMatchObject({ pid: 3902942, comm: "php-fpm", shmemRssKb: 156088, uid: 1000 });
    expect(e.tasks).toHaveLength(73);
  });
});

describe("cadvisor kmsg bodies", () => {
  it("3.13 memcg v1: Task in /mem2, memory+swap limit 18014398509481983kB", () => {
    const [e] = assembleFixture("cadvisor/utils__oomparser__oomparser_test.go__TestStreamOOMs_case1_memcg_v1_3.13.log");
    expect(e.memcg).toMatchObject({ oomPath: "/mem2", taskPath: "/mem2", usageKb: 980, limitKb: 980, failcnt: 4152239 });
    expect(e.memcg?.memsw?.limitKb).toBe(18014398509481983);
    expect(e.kills[0]).toMatchObject({ pid: 13536, comm: "memorymonster", anonRssKb: 920, fileRssKb: 452, score: 996 });
    expect(e.tasks?.[0]).toMatchObject({ uid: 275858, swapents: 8324326, nrPtes: 16267 });
  });
  it("3.13 global with per-cpu Mem-Info", () => {
    const [e] = assembleFixture("cadvisor/utils__oomparser__oomparser_test.go__TestStreamOOMs_case2_global_3.13.log");
    expect(e.memInfo).toMatchObject({ free: 12929, "node0.DMA32.free": 44592, pages_reserved: 10614 });
    expect(e.kills[0]).toMatchObject({ pid: 1532, comm: "badsysprogram", score: 919 });
    expect(e.memcg).toBeNull();
  });
  it("4.8 docker memcg, two reports among docker0/veth lines, reaped", () => {
    const text = fixture("cadvisor/utils__oomparser__oomparser_test.go__TestStreamOOMs_case3_docker_memcg_4.8_part1.log") +
      fixture("cadvisor/utils__oomparser__oomparser_test.go__TestStreamOOMs_case3_docker_memcg_4.8_part2.log");
    const events = assemble(recordsFromText(text));
    expect(killPids(events)).toEqual([1381, 1667]);
    expect(events.every((e) => e.kills[0].reaped?.anonRssKb === 0)).toBe(true);
    expect(events[0].memcg?.memsw).toEqual({ usageKb: 40940, limitKb: 40960, failcnt: 6 });
    expect(events[1].memcg?.usageKb).toBe(307112);
  });
});

describe("BOoM and parseoom", () => {
  it("RHEL9 5.14 dmesg -T fr_FR (postgres)", () => {
    const [e] = assembleFixture("BOoM/tests__fixtures__example_oomkill.txt");
    expect(e.kills[0]).toMatchObject({ pid: 3499662, comm: "postmaster", shmemRssKb: 3445804, uid: 26 });
    expect(e.memInfo).toMatchObject({ active_anon: 675488, active_file: 77, free: 33077 });
    expect(e.tasks).toHaveLength(158);
    expect(e.kernelVersion).toBe("5.14.0-362.8.1.el9_3.x86_64");
  });
  it("RHEL9 5.14 exemple2 (mariadbd)", () => {
    const [e] = assembleFixture("BOoM/tests__fixtures__exemple2.txt");
    expect(e.kills[0]).toMatchObject({ pid: 1040, comm: "mariadbd", anonRssKb: 1143060 });
    expect(e.tasks).toHaveLength(69);
  });
  it("parseoom Debian 5.10: foreign UFW lines, a zone line broken after `active_anon:`", () => {
    const events = assembleFixture("parseoom/messages");
    expect(killPids(events)).toEqual([517]);
    const e = events[0];
    expect(e.kills[0].reaped).toEqual({ anonRssKb: 0, fileRssKb: 0, shmemRssKb: 0 });
    expect(e.memInfo).toMatchObject({ "node0.DMA32.active_anon": 278804, "node0.DMA32.inactive_anon": 1620588, "node0.hugepages_1048576kB.hugepages_total": 2 });
    expect(e.tasks).toHaveLength(35);
    expect(e.host).toBe("localhost");
  });
});
