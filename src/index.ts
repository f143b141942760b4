/** oomsleuth as a library: the same results as the CLI. */
export { parseLogs, streamEvents, scanLogs } from "./pipeline/parse-logs.js";
export type { EventsDocument, ParseOptions } from "./pipeline/parse-logs.js";
export { buildReport } from "./correlate/build-report.js";
export { dedupeEvents } from "./correlate/dedupe.js";
export type { Report, Group } from "./correlate/report-types.js";
export type * from "./events/oom-event.js";
export type { LogRecord } from "./records/log-record.js";
export type { Warning } from "./warning.js";
export type { InputInfo } from "./scan/scan-input.js";
