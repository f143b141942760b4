/**
 * Which envelope a log is in, from its first lines.
 *
 * Each of up to DETECT_LINES non-empty lines votes for every format that accepts it; the format
 * with most votes wins, ties going to the earlier (more specific) format of the registry. A
 * winner must account for at least MIN_SHARE of the sampled lines (a multi-line dmesg record's
 * continuation lines vote for nobody), else the input is `plain`.
 */
import { ENVELOPE_FORMATS } from "../../grammars/envelope/index.js";

export const DETECT_LINES = 50;
const MIN_SHARE = 0.3;

export function detectFormat(firstLines: string[]): string {
  const candidates = ENVELOPE_FORMATS.filter((f) => f.name !== "plain");
  const votes = new Array<number>(candidates.length).fill(0);
  let sampled = 0;
  for (const line of firstLines) {
    if (sampled >= DETECT_LINES) break;
    if (line.trim().length === 0) continue;
    sampled++;
    candidates.forEach((format, i) => {
      try {
        if (format.matches(line)) votes[i]++;
      } catch {
        // A detector must never take the scan down; a throwing one simply does not vote.
      }
    });
  }
  let best = -1;
  for (let i = 0; i < candidates.length; i++) if (best < 0 || votes[i] > votes[best]) best = i;
  if (sampled === 0 || best < 0 || votes[best] < Math.max(1, sampled * MIN_SHARE)) return "plain";
  return candidates[best].name;
}
