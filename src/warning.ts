/** A problem with the input that did not stop the run: printed on stderr and kept in the JSON `warnings`. */
export interface Warning {
  path: string;
  line?: number;
  byteOffset?: number;
  message: string;
  /** The input (or part of it) could not be read: the run exits 2 even though the rest was processed. */
  unreadable?: boolean;
}
