/** Exit codes are part of the interface: scripts and CI gates depend on them. */
export const EXIT = {
  /** The run finished, whether or not OOM kills were found. */
  OK: 0,
  /** A bug in oomsleuth. */
  INTERNAL: 1,
  /** Usage error, or some input could not be read (the readable ones were still processed). */
  USAGE_OR_INPUT: 2,
  /** `--fail-on-oom` and at least one kill was found. */
  OOM_FOUND: 3,
} as const;
