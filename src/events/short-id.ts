import { createHash } from "node:crypto";

/**
 * An event's id from its identifying text: sha1, the first 8 bytes in hex (16 characters). Printed from those bytes,
 * not cut from the whole hex: a cut string keeps its 40-character original, and an id is kept for every kill.
 */
export function shortId(key: string): string {
  return createHash("sha1").update(key).digest().toString("hex", 0, 8);
}
