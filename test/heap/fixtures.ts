/** Paths of the heap fixtures (copies of corpus/go-leak and corpus/other-heaps, see test/fixtures/SOURCES.md). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { decodePprof } from "../../src/heap/pprof-decode.js";
import type { HeapProfile } from "../../src/heap/heap-profile.js";

export const FIXTURES = fileURLToPath(new URL("../fixtures/heap/", import.meta.url));
export const GO_LEAK = `${FIXTURES}go-leak/`;
export const HEAP_DIR = `${GO_LEAK}heap/`;
export const PPROF_DIR = `${GO_LEAK}pprof/`;
export const OTHER = `${FIXTURES}other-heaps/`;

export function loadProfile(name: string): HeapProfile {
  return decodePprof(gunzipSync(readFileSync(`${HEAP_DIR}${name}`)));
}

export function reference(name: string): string {
  return readFileSync(`${PPROF_DIR}${name}`, "utf8");
}

export interface TopTextRow {
  flat: string;
  flatPct: string;
  sumPct: string;
  cum: string;
  cumPct: string;
  name: string;
  inline: string;
}

/** Split a `go tool pprof -top` text into its header lines and parsed rows. */
export function parseTopText(text: string): { header: string[]; rows: TopTextRow[] } {
  const lines = text.replace(/\n$/, "").split("\n");
  const columns = lines.findIndex((l) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%$/.test(l));
  if (columns < 0) throw new Error("no column header");
  const rows = lines.slice(columns + 1).map((line) => {
    const m = /^\s*(\S+)\s+(\S+%)\s+(\S+%)\s+(\S+)\s+(\S+%)  (.*?)(?: \((inline|partial-inline)\))?$/.exec(line);
    if (!m) throw new Error(`unparsed row: ${line}`);
    return { flat: m[1], flatPct: m[2], sumPct: m[3], cum: m[4], cumPct: m[5], name: m[6], inline: m[7] ?? "" };
  });
  return { header: lines.slice(0, columns + 1), rows };
}

/** The kills of the go-leak run, from manifest.json's verbatim kernel lines. */
export interface ManifestKill {
  uptime: number;
  pid: number;
  comm: string;
  line: string;
}

const KILL = /^\[\s*(\d+\.\d+)\] Memory cgroup out of memory: Killed process (\d+) \(([^)]*)\)/;

export function manifest(): {
  bootWall: number;
  ours: ManifestKill[];
  others: ManifestKill[];
  cycles: { cycle: number; pid: number; snapshots: { file: string; wall_start_unix: number; wall_done_unix?: number }[] }[];
} {
  const m = JSON.parse(readFileSync(`${GO_LEAK}manifest.json`, "utf8"));
  const parse = (line: string): ManifestKill => {
    const k = KILL.exec(line);
    if (!k) throw new Error(`not a kill line: ${line}`);
    return { uptime: Number(k[1]), pid: Number(k[2]), comm: k[3], line };
  };
  return {
    bootWall: m.boot_wall_unix_from_uptime,
    ours: m.dmesg_kill_lines_for_our_pids.map(parse),
    others: m.dmesg_kill_lines_not_from_this_run.map(parse),
    cycles: m.cycles,
  };
}
