/**
 * `npm run bench`: oomsleuth against grep/zcat on the same inputs, in one run (issue 6).
 *
 *   node dist/test/bench/bench.js [--runs 5] [--size 1024] [--jobs N] [--only plain,gzip,rotated,oom-only,dmesg,kill-dense]
 *
 * Inputs are generated deterministically into bench-out/inputs (reused while --size and the fixtures do not
 * change). Each case runs oomsleuth and its reference alternately, `--runs` times, and reports medians of wall
 * time, the ratio to the reference and peak RSS (`/usr/bin/time -f %M`). oomsleuth's JSON output is checked:
 * every embedded kill must be found. Figures go to stdout and bench-out/results.json. Not part of the test suite.
 *
 * "kill-dense": --size / 4 MiB made only of OOM reports, every one a distinct kill (30,000 for the default 1 GiB),
 * through `parse --json` and `report --json`: what the kills kept until the end cost (the 128 MiB target holds here too).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeInputs, makeKillDense, type BenchInputs } from "./bench-inputs.js";

/** Repository root: this file runs as dist/test/bench/bench.js. */
const ROOT = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");
const OUT = path.join(ROOT, "bench-out");
const BIN = path.join(ROOT, "bin/oomsleuth.js");

interface Args { runs: number; size: number; jobs: number | null; only: string[] | null }

function parseArgs(argv: string[]): Args {
  const a: Args = { runs: 5, size: 1024, jobs: null, only: null };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (argv[i] === "--runs") { a.runs = Number(v); i++; }
    else if (argv[i] === "--size") { a.size = Number(v); i++; }
    else if (argv[i] === "--jobs") { a.jobs = Number(v); i++; }
    else if (argv[i] === "--only") { a.only = v.split(","); i++; }
  }
  return a;
}

interface Sample { wallMs: number; rssKb: number }

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs a shell command under /usr/bin/time; wall time measured here, peak RSS from time. */
function run(cmd: string): Sample {
  const rssFile = path.join(OUT, "rss.txt");
  const t0 = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", "-o", rssFile, "sh", "-c", cmd], { stdio: ["ignore", "ignore", "inherit"] });
  const wallMs = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`failed (${r.status}): ${cmd}`);
  const rssKb = Number(readFileSync(rssFile, "utf8").trim().split("\n").pop());
  return { wallMs, rssKb };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface CaseResult {
  name: string;
  target: string;
  oomsleuth: { wallMs: number; rssKb: number; cmd: string };
  reference: { wallMs: number; rssKb: number; cmd: string } | null;
  ratio: number | null;
  mbPerS: number | null;
  killsExpected: number;
  killsFound: number;
  pass: boolean;
}

/** Kills in parse's JSON document, or counted by report's. */
function countKills(jsonFile: string): number {
  const doc = JSON.parse(readFileSync(jsonFile, "utf8"));
  if (!doc.events) return doc.totals.kills;
  return doc.events.reduce((n: number, e: { kills: unknown[] }) => n + e.kills.length, 0);
}

function measure(name: string, target: string, ours: string, reference: string | null, runs: number, expected: number, outFile: string,
  check: (r: { ratio: number | null; wallMs: number; rssKb: number; mbPerS: number | null }) => boolean, bytes: number): CaseResult {
  const o: Sample[] = [];
  const ref: Sample[] = [];
  run(ours); // warm the page cache and the code cache
  if (reference) run(reference);
  for (let i = 0; i < runs; i++) {
    o.push(run(ours));
    if (reference) ref.push(run(reference));
  }
  const wallMs = median(o.map((s) => s.wallMs));
  const rssKb = Math.max(...o.map((s) => s.rssKb));
  const refWall = reference ? median(ref.map((s) => s.wallMs)) : null;
  const ratio = refWall ? wallMs / refWall : null;
  const mbPerS = bytes / 1e6 / (wallMs / 1000);
  const killsFound = countKills(outFile);
  const ok = check({ ratio, wallMs, rssKb, mbPerS }) && killsFound === expected && rssKb <= 128 * 1024;
  return {
    name, target,
    oomsleuth: { wallMs, rssKb, cmd: ours },
    reference: reference && refWall !== null ? { wallMs: refWall, rssKb: Math.max(...ref.map((s) => s.rssKb)), cmd: reference } : null,
    ratio, mbPerS, killsExpected: expected, killsFound, pass: ok,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(OUT, { recursive: true });
  const inputs = (await makeInputs(ROOT, OUT, args.size, (s) => process.stderr.write(`${s}\n`))) as BenchInputs & { rotatedKills: number };
  const node = sh(process.execPath);
  const jobs = args.jobs !== null ? ` --jobs ${args.jobs}` : "";
  const oom = (what: string, out: string) => `${node} ${sh(BIN)} parse --json --no-progress${jobs} ${what} > ${sh(out)}`;
  // Output to a file, not /dev/null: GNU grep stops at the first match when its output is /dev/null.
  const refOut = sh(path.join(OUT, "reference.out"));
  const grep = `LC_ALL=C grep -F -c 'invoked oom-killer' >> ${refOut}`;
  const want = (n: string) => !args.only || args.only.includes(n);
  const results: CaseResult[] = [];
  const o = (n: string) => path.join(OUT, `${n}.json`);
  const rotated = readdirSync(inputs.rotatedDir).sort().map((f) => path.join(inputs.rotatedDir, f));

  if (want("plain")) results.push(measure("plain syslog", "≤ 2.0× grep", oom(sh(inputs.plain), o("plain")), `LC_ALL=C grep -F -c 'invoked oom-killer' ${sh(inputs.plain)} > ${refOut}`,
    args.runs, inputs.kills.plain, o("plain"), (r) => r.ratio !== null && r.ratio <= 2.0, inputs.bytes.plain));
  if (want("gzip")) results.push(measure("gzip syslog", "≤ 0.9× zcat|grep", oom(sh(inputs.gzip), o("gzip")), `zcat ${sh(inputs.gzip)} | ${grep}`,
    args.runs, inputs.kills.plain, o("gzip"), (r) => r.ratio !== null && r.ratio <= 0.9, inputs.bytes.plain));
  if (want("rotated")) results.push(measure("8 rotated .gz (dir)", "≤ 0.6× sequential zcat|grep", oom(sh(inputs.rotatedDir), o("rotated")),
    rotated.map((f) => `zcat ${sh(f)} | ${grep}`).join("; "), args.runs, inputs.rotatedKills, o("rotated"), (r) => r.ratio !== null && r.ratio <= 0.6, inputs.bytes.plain));
  if (want("oom-only")) results.push(measure("OOM-only text", "≥ 40 MB/s", oom(sh(inputs.oomOnly), o("oom-only")), null,
    args.runs, inputs.kills.oomOnly, o("oom-only"), (r) => (r.mbPerS ?? 0) >= 40, inputs.bytes.oomOnly));
  if (want("kill-dense")) {
    const dense = await makeKillDense(ROOT, OUT, Math.max(4, Math.round(args.size / 4)), (s) => process.stderr.write(`${s}\n`));
    for (const command of ["parse", "report"]) {
      const out = o(`kill-dense-${command}`);
      results.push(measure(`${dense.kills} kills, ${command}`, "≤ 128 MiB", `${node} ${sh(BIN)} ${command} --json --no-progress${jobs} ${sh(dense.path)} > ${sh(out)}`, null,
        args.runs, dense.kills, out, () => true, dense.bytes));
    }
  }
  if (want("dmesg")) results.push(measure("dmesg 100 KB | parse", "≤ 200 ms wall", `${node} ${sh(BIN)} parse --json --no-progress < ${sh(inputs.dmesg)} > ${sh(o("dmesg"))}`, null,
    args.runs, inputs.kills.dmesg, o("dmesg"), (r) => r.wallMs <= 200, inputs.bytes.dmesg));

  const rows = [["case", "oomsleuth", "reference", "ratio", "MB/s", "peak RSS", "kills", "target", ""]];
  for (const r of results) {
    rows.push([
      r.name,
      `${(r.oomsleuth.wallMs / 1000).toFixed(3)} s`,
      r.reference ? `${(r.reference.wallMs / 1000).toFixed(3)} s` : "-",
      r.ratio !== null ? `${r.ratio.toFixed(2)}×` : "-",
      r.mbPerS !== null ? r.mbPerS.toFixed(0) : "-",
      `${(r.oomsleuth.rssKb / 1024).toFixed(0)} MiB`,
      `${r.killsFound}/${r.killsExpected}`,
      r.target,
      r.pass ? "ok" : "MISSED",
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const table = rows.map((row) => row.map((c, i) => c.padEnd(widths[i])).join("  ")).join("\n");
  process.stdout.write(`oomsleuth bench: ${args.size} MiB, medians of ${args.runs}, ${os.cpus().length} cores, node ${process.version}\n${table}\n`);
  writeFileSync(path.join(OUT, "results.json"), JSON.stringify({ size: args.size, runs: args.runs, cores: os.cpus().length, node: process.version, date: new Date().toISOString(), results }, null, 2));
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
  process.exitCode = 1;
});
