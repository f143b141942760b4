import type { Group } from "../correlate/report-types.js";
import { formatDuration, formatKb } from "./report-format.js";

/**
 * A first reading of a group for "what to look at next". Not a diagnosis: it says which pattern the
 * numbers match, and why.
 *
 * - leak: the kill recurs, memory usage is pinned at the cgroup limit each time, and anonymous memory
 *   (the heap, not page cache) fills it — anon-rss at the kill is at the limit or keeps growing from
 *   one kill to the next. The process allocates until the limit stops it, is restarted, and does it again.
 * - spikes: the kill recurs, but anon-rss at the kill varies widely or stays well below the limit:
 *   bursts (a big request, a batch job) or memory that is not the process heap (page cache, kernel memory).
 * - single: one kill; nothing to compare.
 */
export type Verdict = "leak" | "spikes" | "single" | "unclear";

export interface Reading {
  verdict: Verdict;
  reasons: string[];
}

const PINNED = 0.98; // usage ≥ 98 % of the limit at every kill
const ANON_FILLS = 0.9; // anon-rss ≥ 90 % of the limit
const STEADY = 0.5; // interval spread (max − min) ≤ 50 % of the median

export function readGroup(g: Group): Reading {
  const reasons: string[] = [];
  if (g.count < 2) {
    return { verdict: "single", reasons: ["One kill: compare with what ran at that moment (a one-off spike, a batch job, a deploy)."] };
  }
  const limit = g.limitKb;
  const pinned = limit !== null && g.usageKb !== null && g.usageKb.min >= PINNED * limit;
  const anonFills = limit !== null && g.anonRssKb !== null && g.anonRssKb.median >= ANON_FILLS * limit;
  const anon = g.kills.map((k) => k.anonRssKb).filter((x): x is number => x !== null);
  const growing = anon.length >= 3 && anon.every((x, i) => i === 0 || x >= anon[i - 1]) && anon[anon.length - 1] > anon[0];
  const wide = g.anonRssKb !== null && g.anonRssKb.median > 0 && (g.anonRssKb.max - g.anonRssKb.min) / g.anonRssKb.median > 0.2;
  const iv = g.intervalSeconds;
  const steady = iv !== null && g.count >= 3 && iv.median > 0 && (iv.max - iv.min) / iv.median <= STEADY;

  if (pinned) reasons.push(`Usage was at the limit (${formatKb(limit)}) at every kill.`);
  if (anonFills) reasons.push(`Anonymous memory filled the limit: anon-rss ${formatKb(g.anonRssKb!.median)} of ${formatKb(limit)} at the kill (heap, not page cache).`);
  if (growing) reasons.push(`anon-rss grew from kill to kill (${formatKb(anon[0])} → ${formatKb(anon[anon.length - 1])}).`);
  if (steady) reasons.push(`Kills come at a steady rhythm, every ~${formatDuration(iv!.median)}: the process refills the same memory at the same rate after each restart.`);

  if ((pinned || anonFills || limit === null) && (anonFills || growing) && !wide) {
    const linked = (g.heapSnapshots ?? []).length > 0;
    reasons.push(
      linked
        ? "This reads as a leak: the heap snapshots below show what grew before each kill."
        : "This reads as a leak: take heap profiles before the next kill and compare them (oomsleuth --heap DIR links snapshots to kills).",
    );
    return { verdict: "leak", reasons };
  }
  if (wide || (limit !== null && g.anonRssKb !== null && g.anonRssKb.median < 0.5 * limit)) {
    if (wide) reasons.push(`anon-rss at the kill varied from ${formatKb(g.anonRssKb!.min)} to ${formatKb(g.anonRssKb!.max)}.`);
    else reasons.push(`anon-rss at the kill (${formatKb(g.anonRssKb!.median)}) was well below the limit: look at page cache, shmem and kernel memory in the memcg stats.`);
    reasons.push("This reads as one-off spikes: look at what the process was doing at each kill time (requests, jobs, deploys).");
    return { verdict: "spikes", reasons };
  }
  if (reasons.length === 0) reasons.push("The log holds too few numbers (no limit, usage or anon-rss) to tell a leak from spikes.");
  return { verdict: "unclear", reasons };
}
