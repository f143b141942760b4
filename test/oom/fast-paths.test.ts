import { describe, expect, it } from "vitest";
import { parseOomLine } from "../../grammars/oom/index.js";

// The cheap tests that settle frequent lines before (or instead of) the Chevrotain field grammar must give the
// same answer as the full chain. Each line below is one the fast paths could get wrong.
describe("fast paths of parseOomLine", () => {
  it("a memcg stat pair (5.3+) is read without the chain", () => {
    // peers/OOMAnalyser example_proxmox_cgroup_oom (5.15 v2): `anon 31154200576`
    expect(parseOomLine("anon 31154200576")).toEqual({ kind: "pair", key: "anon", value: 31154200576 });
  });
  it("raw stack words shaped like a pair stay a trace line", () => {
    // seed-dmesg.txt line 7 is `ffffffff81cdd014 ffff88006a355c00 ffffffff81e6c1e0 0000000000000206`; its first and
    // last words are how a two-word last row of that dump looks: a lower-case key, one space, only digits.
    expect(parseOomLine(" ffffffff81cdd014 0000000000000206")).toEqual({ kind: "trace" });
  });
  it("a pair with anything but digits after the space is not a pair", () => {
    // go-leak dmesg.txt line 102 reads `… task=python3,pid=2230,uid=0`; `pid 2230,` is not a stat line
    expect(parseOomLine("pid 2230,").kind).not.toBe("pair");
  });
  it("x86 `[<addr>] fn+0x/0x` trace lines are not lexed as task rows", () => {
    // seed-dmesg.txt line 9: `[<ffffffff81401c43>] dump_stack+0x63/0x90`
    expect(parseOomLine(" [<ffffffff81401c43>] dump_stack+0x63/0x90")).toEqual({ kind: "trace" });
  });
  it("task rows, with spaces or a minus sign after `[`, are still task rows", () => {
    // go-leak dmesg.txt line 2509 (6.18, `[%7d]`)
    expect(parseOomLine("[  14060]     0 14060   341580    52424    50976     1448         0   573440        0             0 leaky"))
      .toMatchObject({ kind: "task-row", numbers: [14060, 0, 14060, 341580, 52424, 50976, 1448, 0, 573440, 0, 0] });
  });
  it("a line without `KB` is never a cut memcg stats continuation", () => {
    // out-of-memory messages line 17678 `[23089]    48 23089    53756      827   1 … httpd` without its `[pid]` column: unknown
    expect(parseOomLine("    48 23089    53756      827   1       0             0 httpd").kind).toBe("unknown");
    // seed-dmesg.txt line 30, the continuation `ve_file:88KB active_file:4KB unevictable:0KB`
    expect(parseOomLine("ve_file:88KB active_file:4KB unevictable:0KB")).toMatchObject({ kind: "kb-bag", leadingPartial: "ve_file" });
  });
});
