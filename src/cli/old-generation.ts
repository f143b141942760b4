/**
 * Keeps V8's old generation (where objects that outlive a few collections go) within 1.2× of what was live at the
 * last full collection, instead of V8's own factor (up to 4× on a heap that collects fast).
 *
 * Why: `parse` and `report` keep a little for every distinct kill (dedupe's index and columns, ~200 bytes), so on
 * inputs with many kills the live heap grows, and V8 let the heap grow ahead of it by as much again in objects that
 * had died long before. Measured on 1 GiB made only of OOM reports (122,824 kills, `parse --json`): 145-163 MB peak
 * RSS with V8's factor, 124-130 MB with this one, 15.2-16.1 s either way (full collections of a heap this size take
 * ~2 ms; they come more often, and their marking runs in steps). The bench's 64 MiB of OOM reports: 93-95 → 90-91 MB.
 * V8 reads the factor each time it sizes the heap, so a flag set at run time applies; a V8 that ignores it only
 * keeps its own factor.
 */
import v8 from "node:v8";

export function capOldGenerationGrowth(): void {
  v8.setFlagsFromString("--heap-growing-percent=20");
}
