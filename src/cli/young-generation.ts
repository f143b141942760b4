/**
 * Caps the growth of V8's young generation (the nursery where short-lived objects are made) for this process.
 *
 * Why: nearly everything the scan allocates dies young (decoded lines, tokens, parsed fields, the JSON of an
 * event on its way to the spool), yet V8 doubles the nursery under a high allocation rate up to 16 MiB per
 * semi-space: ~40 MiB of RSS on a log made only of OOM reports, for no speed. Measured on the bench's 64 MiB of
 * OOM reports (`parse --json`): default 2.3 s, 130-140 MiB peak RSS; nursery kept at 1 MiB 2.55 s, 93 MiB; capped
 * at 8 MiB as here 2.1-2.2 s, ~100 MiB. V8 reads its growth factor each time it grows the nursery, so setting it
 * to 1 once the nursery has reached the cap stops the growth there. A flag set at run time is outside Node's
 * promises: on a V8 that ignores it, the nursery grows as before and nothing else changes.
 */
import { PerformanceObserver } from "node:perf_hooks";
import v8 from "node:v8";

const CAP_BYTES = 8 << 20;

export function capYoungGeneration(): void {
  const reached = () => (v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0) >= CAP_BYTES;
  if (reached()) return void v8.setFlagsFromString("--semi-space-growth-factor=1");
  // The nursery only grows at a collection: look after each one until the cap is reached.
  const observer = new PerformanceObserver(() => {
    if (!reached()) return;
    v8.setFlagsFromString("--semi-space-growth-factor=1");
    observer.disconnect();
  });
  observer.observe({ entryTypes: ["gc"] });
}
