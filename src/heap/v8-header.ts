/**
 * V8 `.heapsnapshot` head: one JSON object whose first key is `snapshot.meta`, e.g.
 * `{"snapshot":{"meta":{"node_fields":[…],…},"node_count":1277522,"edge_count":3743770,"trace_function_count":0},`
 * The header has no time, pid or binary (those come from Node's file name). Files run to ~100 MB
 * (86 MB for a 32 MB heap), so only the first few KiB are read; the counts sit right after `meta`.
 */

export interface V8Header {
  nodeCount: number | null;
  edgeCount: number | null;
  nodeFields: string[] | null;
}

export const V8_MAGIC = '{"snapshot":{"meta":';

export function parseV8Header(head: string): V8Header {
  const count = (key: string): number | null => {
    const m = new RegExp(`"${key}":(\\d+)`).exec(head);
    return m ? Number(m[1]) : null;
  };
  let nodeFields: string[] | null = null;
  const fields = /"node_fields":\[([^\]]*)\]/.exec(head);
  if (fields) {
    nodeFields = [...fields[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  }
  return { nodeCount: count("node_count"), edgeCount: count("edge_count"), nodeFields };
}
