/**
 * Makes log text safe to print on a terminal: control characters (ESC sequences in a process name
 * could rewrite the screen or the title) are shown as visible \xNN escapes.
 */
export function escapeTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
