/**
 * The `oomsleuth/events@1` document written piece by piece: byte for byte what `JSON.stringify(doc, null, 2)`
 * gives, without ever holding the whole document (or every event) in memory. See event-spool.ts.
 */
import { sourcesOf } from "../correlate/dedupe.js";
import type { OomEvent } from "../events/oom-event.js";
import type { InputInfo } from "../scan/scan-input.js";
import type { Warning } from "../warning.js";

/** Writes `text` and resolves when the stream can take more (a slow pipe reader must not make us buffer it all). */
export type Write = (text: string) => Promise<void>;

/** Pieces are gathered up to this size before a write: one write per event would be ~8,000 syscalls per 64 MiB. */
const BATCH_CHARS = 1 << 16;

export async function writeEventsDocument(write: Write, inputs: InputInfo[], warnings: Warning[], events: Iterable<string>): Promise<void> {
  let pending = `{\n  "schema": "oomsleuth/events@1",\n  "inputs": ${nested(inputs, 2)},\n  "warnings": ${nested(warnings, 2)},\n  "events": [`;
  let first = true;
  for (const e of events) {
    pending += `${first ? "" : ","}\n    ${e}`;
    first = false;
    if (pending.length >= BATCH_CHARS) {
      await write(pending);
      pending = "";
    }
  }
  await write(`${pending}${first ? "]" : "\n  ]"}\n}\n`);
}

/** `value` as JSON.stringify(…, null, 2) prints it `depth` spaces in (JSON strings hold no raw newline). */
function nested(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replaceAll("\n", `\n${" ".repeat(depth)}`);
}

/**
 * An event as it sits in the document's `events` array (four spaces in). Stringified inside two levels of
 * wrapping and cut out, rather than indented afterwards: one pass over ~7 kB instead of two (see nested).
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

/** A Write for a Node stream that waits for `drain` when the stream asks it to. */
export function streamWriter(stream: NodeJS.WritableStream): Write {
  return (text) =>
    stream.write(text) ? Promise.resolve() : new Promise<void>((resolve) => stream.once("drain", () => resolve()));
}
