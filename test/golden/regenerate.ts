/**
 * Rewrites test/fixtures/golden/*.json from what the pipeline gives today for every log under
 * test/fixtures/oom/. Run by hand only (never by a test), then REVIEW each changed file against its log and
 * write what was checked into its `reviewed` field:
 *
 *   npm run build && node dist/test/golden/regenerate.js
 *
 * A file whose events did not change keeps its `reviewed` note; a changed one gets it cleared, so the golden
 * test fails until someone looked again.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fg from "fast-glob";
import { parseLogs } from "../../src/pipeline/parse-logs.js";
import { compactEvent, formatGolden, goldenName, type GoldenFile } from "./compact.js";

/** The repository root: the nearest folder above this file with a package.json (works from test/ and dist/test/). */
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  return dir;
}

async function main(): Promise<void> {
  const root = repoRoot();
  const fixtures = fg.sync("**/*", { cwd: path.join(root, "test/fixtures/oom"), onlyFiles: true }).sort();
  for (const rel of fixtures) {
    const fixture = `test/fixtures/oom/${rel}`;
    const doc = await parseLogs([path.join(root, fixture)]);
    const out = path.join(root, "test/fixtures/golden", goldenName(rel));
    const events = doc.events.map(compactEvent);
    const old: GoldenFile | null = existsSync(out) ? JSON.parse(readFileSync(out, "utf8")) : null;
    const same = old !== null && JSON.stringify(old.events) === JSON.stringify(events);
    const golden: GoldenFile = { fixture, reviewed: same ? old.reviewed : "", events };
    writeFileSync(out, formatGolden(golden));
    console.log(`${same ? "unchanged" : "CHANGED — review"}  ${goldenName(rel)}  (${events.length} events)`);
  }
}

await main();
