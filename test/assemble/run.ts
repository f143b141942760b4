import { createAssembler } from "../../src/assemble/assembler.js";
import type { OomEvent } from "../../src/events/oom-event.js";
import type { LogRecord } from "../../src/records/log-record.js";
import { fixture, recordsFromText } from "../oom/helpers.js";

/** Every event the assembler makes from these records (push all, then end). */
export function assemble(records: LogRecord[], opts?: Parameters<typeof createAssembler>[0]): OomEvent[] {
  const a = createAssembler(opts);
  const out: OomEvent[] = [];
  for (const r of records) out.push(...a.push(r));
  out.push(...a.end());
  return out;
}

export function assembleFixture(rel: string): OomEvent[] {
  return assemble(recordsFromText(fixture(rel), rel));
}

/** Victim pids of every kill of every event, in order. */
export function killPids(events: OomEvent[]): number[] {
  return events.flatMap((e) => e.kills.map((k) => k.pid));
}
