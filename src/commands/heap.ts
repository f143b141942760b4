/**
 * `oomsleuth heap <paths…>`: the `go tool pprof -top` view of each heap snapshot (directories
 * are searched), or metadata for V8/HPROF dumps; `--diff BASE` for `-diff_base`; `--json`.
 */
import { stat } from "node:fs/promises";
import { EXIT } from "../cli/exit-codes.js";
import { discoverSnapshots } from "../heap/discover.js";
import { diffProfiles } from "../heap/pprof-diff.js";
import { pprofTop, type TopReport } from "../heap/pprof-top.js";
import { readSnapshot } from "../heap/read-snapshot.js";
import type { Snapshot } from "../heap/snapshot.js";
import { topRowsJson, type TopRowJson } from "../heap/top-json.js";
import { renderTopText } from "../heap/top-text.js";

export interface HeapOptions {
  /** Path of a base profile: print the difference like `go tool pprof -diff_base`. */
  diff?: string;
  /** Sample type name or index (default: the profile's default, inuse_space for Go heaps). */
  sampleIndex?: string;
  json?: boolean;
  /** pprof -nodefraction (default 0.005). */
  nodeFraction?: number;
}

export interface HeapIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

interface SnapshotJson {
  path: string;
  format: Snapshot["format"];
  time: string | null;
  binary: string | null;
  sampleType: string | null;
  totalBytes: number | null;
  top: TopRowJson[];
  diffBase?: string;
  notes?: string[];
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Read the arguments: files directly, directories by discovery. Problems go to `problems`. */
async function collect(paths: string[], problems: string[]): Promise<Snapshot[]> {
  const out: Snapshot[] = [];
  for (const path of paths) {
    let isDirectory = false;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (error) {
      problems.push(`cannot read ${path}: ${errorText(error)}`);
      continue;
    }
    if (isDirectory) {
      const found = await discoverSnapshots([path]);
      for (const w of found.warnings) problems.push(w.message);
      if (found.snapshots.length === 0) problems.push(`${path}: no heap snapshots found`);
      out.push(...found.snapshots);
      continue;
    }
    try {
      const snapshot = await readSnapshot(path);
      if (snapshot) out.push(snapshot);
      else problems.push(`${path}: not a heap snapshot (unknown format)`);
    } catch (error) {
      problems.push(errorText(error));
    }
  }
  return out;
}

function metadataLines(s: Snapshot): string[] {
  const lines: string[] = [];
  if (s.binary) lines.push(`Binary: ${s.binary}`);
  if (s.pid !== null) lines.push(`PID: ${s.pid}`);
  lines.push(`Time: ${s.time ?? "unknown"}`);
  lines.push(`Size: ${s.sizeBytes} bytes`);
  for (const [key, value] of Object.entries(s.details)) lines.push(`${key}: ${value}`);
  for (const note of s.notes) lines.push(`Note: ${note}`);
  return lines;
}

export async function runHeap(paths: string[], opts: HeapOptions, io: HeapIo): Promise<number> {
  const problems: string[] = [];
  const snapshots = await collect(paths, problems);

  let base: Snapshot | null = null;
  if (opts.diff !== undefined) {
    try {
      base = await readSnapshot(opts.diff);
      if (!base) problems.push(`${opts.diff}: not a heap snapshot (unknown format)`);
      else if (!base.profile) problems.push(`${opts.diff}: a ${base.format} dump has no samples to diff against`);
    } catch (error) {
      problems.push(errorText(error));
    }
    if (!base?.profile) base = null;
  }

  const json: SnapshotJson[] = [];
  const text: string[] = [];
  for (const s of snapshots) {
    const title = `${s.path} (${s.format}${base ? `, -diff_base ${base.path}` : ""})`;
    if (!s.profile || (opts.diff !== undefined && !base)) {
      if (!s.profile) {
        text.push(title, ...metadataLines(s), "");
        json.push({ path: s.path, format: s.format, time: s.time, binary: s.binary, sampleType: null, totalBytes: null, top: [], notes: s.notes });
      }
      continue;
    }
    let profile = s.profile;
    let report: TopReport;
    try {
      if (base?.profile) profile = diffProfiles(profile, base.profile);
      report = pprofTop(profile, { sampleIndex: opts.sampleIndex, nodeFraction: opts.nodeFraction });
    } catch (error) {
      problems.push(`${s.path}: ${errorText(error)}`);
      continue;
    }
    text.push(title, ...renderTopText(profile, report), "");
    json.push({
      path: s.path,
      format: s.format,
      time: s.time,
      binary: s.binary,
      sampleType: report.sampleType,
      totalBytes: report.total,
      top: topRowsJson(report),
      ...(base ? { diffBase: base.path } : {}),
      ...(s.notes.length > 0 ? { notes: s.notes } : {}),
    });
  }

  for (const p of problems) io.stderr.write(`oomsleuth heap: ${p}\n`);
  if (opts.json) {
    io.stdout.write(JSON.stringify({ schema: "oomsleuth/heap@1", snapshots: json }, null, 2) + "\n");
  } else if (text.length > 0) {
    // Blank line between snapshots, none at the very end.
    io.stdout.write(text.slice(0, -1).join("\n") + "\n");
  }
  return problems.length > 0 ? EXIT.USAGE_OR_INPUT : EXIT.OK;
}
