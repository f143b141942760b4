/**
 * `JSON.stringify(value, null, 2)` in pieces: the same text, without ever holding all of it. A report lists every
 * kill of every group; as one string, the report of 1 GiB of OOM reports (122,824 kills) was ~60 MB on top of the
 * report itself.
 *
 * Long arrays are written an item at a time, and objects that hold one, a field at a time; everything else (a kill,
 * a summary) is one JSON.stringify, indented. Only plain arrays and objects are taken apart: anything with a
 * toJSON, or another prototype, is left to JSON.stringify whole.
 */
export function* prettyJson(value: unknown, indent = ""): Generator<string> {
  if (!isLong(value)) {
    yield nested(value, indent) ?? "null";
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    yield "[";
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? "" : ","}\n${inner}`;
      // JSON.stringify writes what it cannot write in an array as null.
      yield* prettyJson(value[i], inner);
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  yield "{";
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    const head = `${first ? "" : ","}\n${inner}${JSON.stringify(key)}: `;
    if (isLong(field)) {
      yield head;
      yield* prettyJson(field, inner);
    } else {
      // …and leaves it out of an object.
      const text = nested(field, inner);
      if (text === undefined) continue;
      yield head + text;
    }
    first = false;
  }
  yield first ? "}" : `\n${indent}}`;
}

/** Arrays longer than this are written an item at a time. */
const LONG_ARRAY = 64;

/** Whether `value` is, or holds, a plain array longer than LONG_ARRAY (reached through plain arrays and objects). */
function isLong(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > LONG_ARRAY || value.some(isLong);
  return isPlainObject(value) && Object.values(value).some(isLong);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

/**
 * `value` as JSON.stringify(…, null, 2) prints it `indent` in (JSON strings hold no raw newline); undefined for what
 * JSON cannot write (undefined, a function).
 */
export function nested(value: unknown, indent: string): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  return indent === "" || text === undefined ? text : text.replaceAll("\n", `\n${indent}`);
}
