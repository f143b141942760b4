/**
 * Find heap snapshots under directories: walk them (fast-glob), sniff each file's first bytes,
 * and read the ones that are snapshots. Files that are not snapshots are skipped silently;
 * snapshots that cannot be read become warnings. Results are sorted by path.
 */
import fg from "fast-glob";
import { open, stat } from "node:fs/promises";
import { readSnapshot } from "./read-snapshot.js";
import { sniff, SNIFF_BYTES } from "./sniff.js";
import { SnapshotReadError, type Snapshot } from "./snapshot.js";

export interface DiscoverOptions {
  /** Files read at the same time (default 8). */
  concurrency?: number;
  /** Also look into dot-directories and dot-files (default false). */
  dot?: boolean;
}

export interface DiscoverResult {
  snapshots: Snapshot[];
  warnings: { path: string; message: string }[];
}

/** Cheap pre-check so big non-snapshot files are never opened twice. */
async function mightBeSnapshot(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, "r");
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    return sniff(head.subarray(0, bytesRead)) !== null;
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

export async function discoverSnapshots(dirs: string[], opts: DiscoverOptions = {}): Promise<DiscoverResult> {
  const warnings: DiscoverResult["warnings"] = [];
  const files = new Set<string>();
  for (const dir of dirs) {
    try {
      const info = await stat(dir);
      if (!info.isDirectory()) {
        warnings.push({ path: dir, message: `${dir} is not a directory` });
        continue;
      }
      const found = await fg("**/*", {
        cwd: dir,
        absolute: false,
        onlyFiles: true,
        dot: opts.dot ?? false,
        followSymbolicLinks: false,
        suppressErrors: true,
      });
      const prefix = dir.endsWith("/") ? dir : `${dir}/`;
      for (const f of found) files.add(prefix + f);
    } catch (error) {
      warnings.push({ path: dir, message: `cannot list ${dir}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  const paths = [...files].sort();
  const snapshots: Snapshot[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++];
      if (!(await mightBeSnapshot(path))) continue;
      try {
        const snapshot = await readSnapshot(path);
        if (snapshot) snapshots.push(snapshot);
      } catch (error) {
        const text = error instanceof SnapshotReadError ? error.message : `${path}: ${String(error)}`;
        warnings.push({ path, message: text });
      }
    }
  };
  const workers = Math.max(1, opts.concurrency ?? 8);
  await Promise.all(Array.from({ length: Math.min(workers, paths.length) }, worker));
  snapshots.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  warnings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { snapshots, warnings };
}
