/**
 * The `oomsleuth/events@1` document written piece by piece: byte for byte what `JSON.stringify(doc, null, 2)`
 * gives, without ever holding the whole document (or every event) in memory. See event-spool.ts.
 */
import { sourcesOf } from "../correlate/dedupe.js";
import type { OomEvent } from "../events/oom-event.js";
import type { InputInfo } from "../scan/scan-input.js";
import type { Warning } from "../warning.js";
import { nested } from "./pretty-json.js";
import { writeAll, type Write } from "./write-batch.js";

/**
 * Writes the document. Each event is its JSON text as asArrayItem renders it, a string or its UTF-8 bytes (the spool's,
 * copied as they are); bytes are used before the next event is asked for, so they may be a view the next one reuses.
 */
export function writeEventsDocument(write: Write, inputs: InputInfo[], warnings: Warning[], events: Iterable<string | Uint8Array>): Promise<void> {
  const pieces = function* () {
    yield `{\n  "schema": "oomsleuth/events@1",\n  "inputs": ${nested(inputs, "  ")},\n  "warnings": ${nested(warnings, "  ")},\n  "events": [`;
    let first = true;
    for (const e of events) {
      yield first ? "\n    " : ",\n    ";
      // writeAll is done with the event's bytes before it asks for the next piece: they may be a view the next one reuses.
      yield e;
      first = false;
    }
    yield first ? "]\n}\n" : "\n  ]\n}\n";
  };
  return writeAll(write, pieces());
}

/**
 * An event as it sits in the document's `events` array (four spaces in). Stringified inside two levels of
 * wrapping and cut out, rather than indented afterwards: one pass over ~7 kB instead of two (see pretty-json.ts nested).
 */
function asArrayItem(e: unknown): string {
  const text = JSON.stringify({ e: [e] }, null, 2);
  return text.slice(ARRAY_ITEM_HEAD.length, text.length - ARRAY_ITEM_TAIL.length);
}
const ARRAY_ITEM_HEAD = '{\n  "e": [\n    ';
const ARRAY_ITEM_TAIL = "\n  ]\n}";

/** The fields of a kept event that dedupe may still change after it was rendered (EventDeduper). */
export type MergedFields = Pick<OomEvent, "host" | "time" | "sources">;

/**
 * An event as it sits in the document's `events` array, rendered once, when it is read, as the deduper keeps it
 * when no other copy of the kill comes (its own host and clocks, itself as its one source). A kill read more than
 * once (syslog and kern.log) is rendered again at the end with what the copies merged: that is rare, so the common
 * event is written as it was rendered, with no pass over its text.
 */
export const eventJson = {
  render: (e: OomEvent): string => asArrayItem({ ...e, sources: sourcesOf(e) }),
  merged: (text: string, merged: MergedFields): string => {
    const { host, time, sources } = merged;
    return asArrayItem({ ...(JSON.parse(text) as OomEvent), host, time, sources });
  },
};
