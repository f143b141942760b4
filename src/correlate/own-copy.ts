/**
 * A copy of `s` that does not share memory with the line it was cut from: V8 keeps a cut string (13 characters or
 * more) as a view of the whole original, so one kept name held a whole log line. Through JSON, which gives a string
 * of its own and keeps every UTF-16 unit (a lone surrogate from an `--events` stream too); shorter strings are
 * already copies.
 */
export function ownCopy<T extends string | null | undefined>(s: T): T {
  return (typeof s === "string" && s.length > 12 ? JSON.parse(JSON.stringify(s)) : s) as T;
}
