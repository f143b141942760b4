/**
 * Recognise a heap snapshot by its first bytes, never by its extension (heap-formats.md §4):
 * `1f 8b` gzip (pprof on disk, or a gzip'd HPROF/text: look inside), raw profile.proto
 * (checked field by field: it has no magic),
 * Go `?debug=1` text, V8 `.heapsnapshot`, Java HPROF, and Go's `WriteHeapDump` (unsupported).
 */
import { isGzipMagic } from "../sources/byte-stream.js";
import { HPROF_MAGIC } from "./hprof-header.js";
import { V8_MAGIC } from "./v8-header.js";

export type SniffedKind = "gzip" | "pprof" | "go-heap-text" | "v8" | "hprof" | "go-heapdump";

/** How many leading bytes sniff() needs. */
export const SNIFF_BYTES = 64;

function startsWithText(head: Uint8Array, text: string): boolean {
  if (head.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (head[i] !== text.charCodeAt(i)) return false;
  return true;
}

/** profile.proto `Profile` fields and their wire types (0 varint, 2 length-delimited). */
const PROFILE_WIRE_TYPES: Record<number, number[]> = {
  1: [2], 2: [2], 3: [2], 4: [2], 5: [2], 6: [2], // sample_type … string_table
  7: [0], 8: [0], 9: [0], 10: [0], // drop_frames, keep_frames, time_nanos, duration_nanos
  11: [2], 12: [0], 13: [0, 2], 14: [0], // period_type, period, comment, default_sample_type
};

/** Read a varint at `at`; null when it runs past the end of `head`. */
function readVarint(head: Uint8Array, at: number): { value: number; next: number } | null {
  let value = 0;
  let scale = 1;
  for (let i = at; i < head.length && i < at + 10; i++) {
    value += (head[i] & 0x7f) * scale;
    scale *= 128;
    if ((head[i] & 0x80) === 0) return { value, next: i + 1 };
  }
  return null;
}

/**
 * A raw (uncompressed) profile.proto has no magic, and Go does not start with field 1:
 * Go 1.19 writes `period_type` first (`5a 04 08 01 10 02 60 80 80 20 0a …`). So walk the head
 * as Profile fields: every tag must be a Profile field with its wire type, and at least three
 * fields (or the whole head) must parse. Text files fail at once (wire types 3–7, fields > 14).
 */
function looksLikeRawProfile(head: Uint8Array): boolean {
  let at = 0;
  let fields = 0;
  while (at < head.length) {
    const tag = readVarint(head, at);
    if (!tag) break;
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    if (!PROFILE_WIRE_TYPES[field]?.includes(wire)) return false;
    const body = readVarint(head, tag.next);
    if (!body) break;
    if (wire === 0) {
      at = body.next;
    } else {
      if (body.value === 0 && field !== 6) return false;
      at = body.next + body.value;
    }
    fields++;
  }
  return fields >= 3 || (fields >= 1 && at === head.length);
}

export function sniff(head: Uint8Array): SniffedKind | null {
  if (isGzipMagic(head)) return "gzip";
  if (looksLikeRawProfile(head)) return "pprof";
  if (startsWithText(head, "heap profile: ")) return "go-heap-text";
  if (startsWithText(head, V8_MAGIC)) return "v8";
  if (startsWithText(head, HPROF_MAGIC)) return "hprof";
  if (startsWithText(head, "go1.7 heap dump")) return "go-heapdump";
  return null;
}
