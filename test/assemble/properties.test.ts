import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseOomLine } from "../../grammars/oom/classify.js";
import { createAssembler } from "../../src/assemble/assembler.js";
import type { LogRecord } from "../../src/records/log-record.js";
import { fixture, recordsFromText } from "../oom/helpers.js";
import { assemble, killPids } from "./run.js";
import { fastCheckSeed } from "../fc-seed.js";

const SEED = fastCheckSeed("assemble/properties");
const params = { seed: SEED, numRuns: 150 };

const FIXTURES = [
  "seed/seed-dmesg.txt",
  "OOMAnalyser/OOMAnalyser.py__OOMDisplay.example_archlinux_6_1_1.log",
  "OOMAnalyser/OOMAnalyser.py__OOMDisplay.example_proxmox_cgroup_oom.log",
  "cadvisor/utils__oomparser__oomparser_test.go__TestStreamOOMs_case3_docker_memcg_4.8_part1.log",
  "parseoom/messages",
].map((rel) => ({ rel, text: fixture(rel) }));
// go-leak lines 1–556: six reports (python3 and the first five leaky kills) with marker lines between them.
FIXTURES.push({ rel: "go-leak/dmesg.txt", text: fixture("go-leak/dmesg.txt").split("\n").slice(0, 556).join("\n") + "\n" });

/** Victim pids the kernel lines themselves name: `Killed process N`, else `Kill process N … or sacrifice child`. */
function killsNamedIn(text: string): number[] {
  const killed = [...text.matchAll(/(?:^|\] |: )Killed process (\d+)/gm)].map((m) => Number(m[1]));
  if (killed.length > 0) return [...new Set(killed)];
  return [...new Set([...text.matchAll(/Kill process (\d+) \(.*\) score/g)].map((m) => Number(m[1])))];
}

const sorted = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);

describe("assembler properties", () => {
  it("a report cut at any line keeps every kill line present (no kill invented, none lost)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: FIXTURES.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (fi, cut) => {
        const lines = FIXTURES[fi].text.split("\n");
        const prefix = lines.slice(0, Math.floor(cut * lines.length)).join("\n") + "\n";
        const events = assemble(recordsFromText(prefix));
        expect(sorted(killPids(events))).toEqual(sorted(killsNamedIn(prefix)));
        for (const e of events) if (e.kills.length === 0 && e.kind === "oom-kill") expect(e.complete).toBe(false);
      }),
      params,
    );
  });

  it("foreign lines interleaved between every line give the same kills", () => {
    // Real foreign lines: cadvisor case3 docker0/veth lines, a parseoom UFW line, an RHEL6 rsyslog notice, systemd.
    const foreignKernel = [
      "docker0: port 2(veth380a1cd) entered disabled state",
      "IPv6: ADDRCONF(NETDEV_CHANGE): vethcd0dbfb: link becomes ready",
      "[UFW BLOCK] IN=eth0 OUT= MAC=f2:3c:91:e2:47:cc:00:1b:54:c2:50:c1:08:00 SRC=45.134.26.57 DST=72.14.187.238 LEN=40 TOS=0x00 PREC=0x00 TTL=244 ID=55235",
      "OOM killer enabled.",
    ];
    const foreignDaemon: [string, string][] = [
      ["rsyslogd-2177", "imuxsock begins to drop messages from pid 3287 due to rate-limiting"],
      ["systemd", "leaky.service: A process of this unit has been killed by the OOM killer."],
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: FIXTURES.length - 1 }),
        fc.array(fc.integer({ min: 0, max: foreignKernel.length + foreignDaemon.length - 1 }), { minLength: 1, maxLength: 8 }),
        (fi, picks) => {
          const base = recordsFromText(FIXTURES[fi].text);
          const mixed: LogRecord[] = [];
          base.forEach((r, i) => {
            mixed.push(r);
            const k = picks[i % picks.length];
            const f = { ...r, lineCount: 1, callerId: null, message: "", ident: r.ident } as LogRecord;
            if (k < foreignKernel.length) mixed.push({ ...f, message: foreignKernel[k] });
            else { const [ident, message] = foreignDaemon[k - foreignKernel.length]; mixed.push({ ...f, ident, message }); }
          });
          expect(sorted(killPids(assemble(mixed)))).toEqual(sorted(killPids(assemble(base))));
        },
      ),
      params,
    );
  });

  it("arbitrary strings and mangled report lines never throw", () => {
    const real = FIXTURES.flatMap((f) => f.text.split("\n")).filter((l) => l.length > 0);
    const line = fc.oneof(
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.constantFrom(...real),
      fc.tuple(fc.constantFrom(...real), fc.nat(), fc.nat(), fc.string({ maxLength: 12 }))
        .map(([l, a, b, junk]) => l.slice(0, a % (l.length + 1)) + junk + l.slice(b % (l.length + 1))),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.option(fc.constantFrom("kernel", "systemd"), { nil: null }), (ls, ident) => {
        for (const l of ls) expect(() => parseOomLine(l)).not.toThrow();
        const a = createAssembler({ lineCap: 20 });
        const recs = recordsFromText(ls.join("\n") + "\n").map((r) => ({ ...r, ident: r.ident ?? ident }));
        const out = [...recs.flatMap((r) => a.push(r)), ...a.end()];
        for (const e of out) expect(Array.isArray(e.kills)).toBe(true);
      }),
      params,
    );
  });
});
