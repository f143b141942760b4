/**
 * Escaping for every piece of log text that reaches output. Process names, cgroup paths and kill
 * lines come from the log and can hold anything a process can name itself: ANSI escape sequences
 * that repaint a terminal, `<script>` for an HTML or Markdown viewer (OOMAnalyser had an XSS through
 * pasted logs), pipes that break a Markdown table, backticks that end a code span.
 */

// C0 controls, DEL, C1 controls; and the Unicode bidi/invisible formatting characters that can
// reorder or hide text on screen (U+061C, U+200E/F, U+202A–E, U+2066–9).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** Control characters (ESC, newline, tab, C1, bidi overrides) shown as `\xNN` / `\uNNNN`: safe to print on a terminal. */
export function escapeTerminal(text: string): string {
  return String(text ?? "").replace(CONTROL, visible);
}

/** Text for HTML element content or a quoted attribute. Control characters become visible too. */
export function escapeHtml(text: string): string {
  return escapeTerminal(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Inline Markdown text (paragraphs, list items, table cells): the characters that Markdown or GFM give
 * a meaning anywhere in a line are backslash-escaped (`( ) !` mean something only after `[ ]`, which are),
 * block openers only at the start, and `<`, `>`, `&` become entities so no raw HTML survives.
 */
export function escapeMarkdown(text: string): string {
  return escapeTerminal(text)
    .replace(/[\\`*_{}[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    // Only at the start do these open a block (heading, list, ordered list, setext underline).
    .replace(/^([#+=-])/, "\\$1")
    .replace(/^(\d+)([.)])(?=\s|$)/, "$1\\$2");
}

/** A Markdown code span that holds `text` verbatim whatever backticks it contains. Not for table cells (pipes). */
export function markdownInlineCode(text: string): string {
  const t = escapeTerminal(text);
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  const pad = t.startsWith("`") || t.endsWith("`") ? " " : "";
  return `${fence}${pad}${t}${pad}${fence}`;
}

/**
 * A fenced Markdown code block holding `text` verbatim (lines kept, control characters made visible);
 * the fence is longer than any backtick run inside, so the text cannot close it.
 */
export function markdownCodeBlock(text: string, info = "text"): string {
  const lines = String(text ?? "").split("\n").map(escapeTerminal);
  const longest = Math.max(0, ...lines.join("\n").match(/`{3,}/g)?.map((r) => r.length) ?? []);
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${lines.join("\n")}\n${fence}`;
}
