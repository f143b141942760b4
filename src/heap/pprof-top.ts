/**
 * `go tool pprof -top`, reimplemented from Go 1.19.8's vendored pprof
 * (internal/graph/graph.go newGraph, internal/report/report.go newTrimmedGraph/TextItems):
 *
 * - nodes are functions (default granularity); every stack frame, inlined ones included, is a node;
 * - cum: a sample's value is added once to every distinct node on its stack; flat: to the leaf only;
 * - nodes with |cum| < trunc(Σflat × nodefraction) are dropped ("Dropped N nodes"), and the graph
 *   is rebuilt without them: a sample whose leaf was dropped then adds no flat anywhere;
 * - in-edges lighter than trunc(Σflat × edgefraction) are removed before the "(inline)" marks
 *   are read: a node is "(inline)" when all its remaining in-edges are inline calls;
 * - order: |flat| desc, then name asc, then |cum| desc (graph.FlatNameOrder);
 * - total: Σ|value| over samples, or over the `-diff_base` samples only when there are any.
 */
import type { HeapProfile, ProfileSample } from "./heap-profile.js";

export interface TopOptions {
  /** Sample type name ("inuse_space") or index as a string; default: default_sample_type, else the last. */
  sampleIndex?: string;
  /** pprof -nodefraction (default 0.005). */
  nodeFraction?: number;
  /** pprof -edgefraction (default 0.001). */
  edgeFraction?: number;
}

export type InlineMark = "" | "inline" | "partial-inline";

export interface TopRow {
  name: string;
  /** pprof's "(inline)" / "(partial-inline)" suffix, not part of the name. */
  inline: InlineMark;
  flat: number;
  cum: number;
}

export interface TopReport {
  sampleIndex: number;
  sampleType: string;
  sampleUnit: string;
  /** The denominator of every percentage. */
  total: number;
  /** Σ flat of the rows shown ("Showing nodes accounting for …"). */
  flatSum: number;
  nodeFraction: number;
  droppedNodes: number;
  rows: TopRow[];
}

export class SampleIndexError extends Error {}

/** pprof `SampleIndexByName`: "" → default_sample_type, else the last type; a number; or a type name. */
export function resolveSampleIndex(profile: HeapProfile, sampleIndex?: string): number {
  const types = profile.sampleTypes.map((t) => t.type);
  if (types.length === 0) throw new SampleIndexError("the profile has no sample types");
  if (sampleIndex === undefined || sampleIndex === "") {
    const dst = profile.defaultSampleType;
    if (dst !== null && types.includes(dst)) return types.indexOf(dst);
    return types.length - 1;
  }
  if (/^\d+$/.test(sampleIndex)) {
    const i = Number(sampleIndex);
    if (i < types.length) return i;
    throw new SampleIndexError(`sample_index ${i} is outside 0..${types.length - 1}`);
  }
  const i = types.indexOf(sampleIndex);
  if (i >= 0) return i;
  throw new SampleIndexError(`sample_index "${sampleIndex}" is not one of: ${types.join(", ")}`);
}

interface GraphNode {
  name: string;
  flat: number;
  cum: number;
  /** Incoming edges by caller name. */
  in: Map<string, { weight: number; inline: boolean }>;
}

/** graph.newGraph: `kept` null = keep every node. */
function buildGraph(samples: ProfileSample[], index: number, kept: Set<string> | null): GraphNode[] {
  const nodes = new Map<string, GraphNode>();
  const node = (name: string): GraphNode => {
    let n = nodes.get(name);
    if (!n) {
      n = { name, flat: 0, cum: 0, in: new Map() };
      nodes.set(name, n);
    }
    return n;
  };
  const seenNodes = new Set<string>();
  const seenEdges = new Set<string>();
  for (const sample of samples) {
    const w = sample.values[index] ?? 0;
    if (w === 0) continue;
    seenNodes.clear();
    seenEdges.clear();
    let parent: GraphNode | null = null;
    // A residual edge jumps over nodes that were dropped.
    let residual = false;
    for (const frame of sample.stack) {
      if (kept !== null && !kept.has(frame.name)) {
        residual = true;
        continue;
      }
      const n = node(frame.name);
      if (!seenNodes.has(n.name)) {
        seenNodes.add(n.name);
        n.cum += w;
      }
      if (parent !== null && parent !== n) {
        const edgeKey = `${parent.name}\u0000${n.name}`;
        if (!seenEdges.has(edgeKey)) {
          seenEdges.add(edgeKey);
          const edge = n.in.get(parent.name);
          if (edge) {
            edge.weight += w;
            if (!frame.inlined) edge.inline = false;
          } else {
            n.in.set(parent.name, { weight: w, inline: frame.inlined });
          }
        }
      }
      parent = n;
      residual = false;
    }
    if (parent !== null && !residual) parent.flat += w;
  }
  // selectNodesForGraph: nodes with neither flat nor cum are not part of the graph.
  return [...nodes.values()].filter((n) => n.flat !== 0 || n.cum !== 0);
}

/** pprof `computeTotal`. */
export function profileTotal(samples: ProfileSample[], index: number): number {
  let total = 0;
  let baseTotal = 0;
  for (const s of samples) {
    const v = Math.abs(s.values[index] ?? 0);
    total += v;
    if (s.base) baseTotal += v;
  }
  return baseTotal > 0 ? baseTotal : total;
}

function byFlatThenName(a: GraphNode, b: GraphNode): number {
  const fa = Math.abs(a.flat);
  const fb = Math.abs(b.flat);
  if (fa !== fb) return fb - fa;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return Math.abs(b.cum) - Math.abs(a.cum);
}

function byCumThenName(a: GraphNode, b: GraphNode): number {
  const ca = Math.abs(a.cum);
  const cb = Math.abs(b.cum);
  if (ca !== cb) return cb - ca;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return Math.abs(b.flat) - Math.abs(a.flat);
}

/** The `-top` table (all nodes, like `go tool pprof -top`; pass `cum` for `-top -cum`). */
export function pprofTop(profile: HeapProfile, options: TopOptions & { cum?: boolean } = {}): TopReport {
  const index = resolveSampleIndex(profile, options.sampleIndex);
  const nodeFraction = options.nodeFraction ?? 0.005;
  const edgeFraction = options.edgeFraction ?? 0.001;
  const samples = profile.samples;

  let graph = buildGraph(samples, index, null);
  const flatTotal = graph.reduce((sum, n) => sum + n.flat, 0);
  const nodeCutoff = Math.abs(Math.trunc(flatTotal * nodeFraction));
  const edgeCutoff = Math.abs(Math.trunc(flatTotal * edgeFraction));
  let droppedNodes = 0;
  if (nodeCutoff > 0) {
    const kept = new Set(graph.filter((n) => Math.abs(n.cum) >= nodeCutoff).map((n) => n.name));
    if (kept.size !== graph.length) {
      droppedNodes = graph.length - kept.size;
      graph = buildGraph(samples, index, kept);
    }
  }
  graph.sort(options.cum ? byCumThenName : byFlatThenName);

  const rows: TopRow[] = graph.map((n) => {
    let inline = false;
    let direct = false;
    for (const edge of n.in.values()) {
      // TrimLowFrequencyEdges runs before the report reads the edges.
      if (Math.abs(edge.weight) < edgeCutoff) continue;
      if (edge.inline) inline = true;
      else direct = true;
    }
    const mark: InlineMark = inline ? (direct ? "partial-inline" : "inline") : "";
    return { name: n.name, inline: mark, flat: n.flat, cum: n.cum };
  });

  const type = profile.sampleTypes[index];
  return {
    sampleIndex: index,
    sampleType: type.type,
    sampleUnit: type.unit,
    total: profileTotal(samples, index),
    flatSum: rows.reduce((sum, r) => sum + r.flat, 0),
    nodeFraction,
    droppedNodes,
    rows,
  };
}
