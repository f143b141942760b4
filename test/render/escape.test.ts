import { describe, expect, it } from "vitest";
import { escapeHtml, escapeMarkdown, escapeTerminal, markdownCodeBlock, markdownInlineCode } from "../../src/render/escape.js";

// A process may name itself anything (prctl PR_SET_NAME, 15 bytes; argv for userspace killers). These
// names are hostile on purpose; the kill line around them is corpus go-leak/logs/dmesg.txt line 2511.
const KILL = (comm: string) =>
  `Memory cgroup out of memory: Killed process 14060 (${comm}) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0`;

describe("escapeTerminal", () => {
  it("an ANSI/OSC sequence in a name is shown, not executed", () => {
    const out = escapeTerminal(KILL("\u001b]0;pwn\u0007x"));
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(out).toContain("(\\x1b]0;pwn\\x07x)");
  });
  it("newlines, C1 controls and bidi overrides are made visible", () => {
    expect(escapeTerminal("a\nb\u009bc\u202ed")).toBe("a\\x0ab\\x9bc\\u202ed");
  });
  it("plain text is unchanged", () => {
    expect(escapeTerminal(KILL("leaky"))).toBe(KILL("leaky"));
  });
});

describe("escapeMarkdown", () => {
  it("no raw HTML survives", () => {
    const out = escapeMarkdown(KILL("<script>x</script>"));
    expect(out).not.toContain("<script>");
    expect(out).toContain("&lt;script&gt;");
  });
  it("pipes and backticks cannot break a table cell or open a code span", () => {
    expect(escapeMarkdown("a|b`c")).toBe("a\\|b\\`c");
  });
  it("block openers only at the start; dates and paths stay readable", () => {
    expect(escapeMarkdown("# x")).toBe("\\# x");
    expect(escapeMarkdown("2026-11-26 20:30:51Z")).toBe("2026-11-26 20:30:51Z");
    expect(escapeMarkdown("29.8 GiB")).toBe("29.8 GiB");
    expect(escapeMarkdown("1. x")).toBe("1\\. x");
    expect(escapeMarkdown("/sandbox/payment-gateway-svc")).toBe("/sandbox/payment-gateway-svc");
  });
});

describe("Markdown code", () => {
  it("a code span is longer than any backtick run inside", () => {
    expect(markdownInlineCode("a`b")).toBe("``a`b``");
    expect(markdownInlineCode("`x")).toBe("`` `x ``");
  });
  it("a fenced block cannot be closed by the text", () => {
    const block = markdownCodeBlock(KILL("```"));
    const lines = block.split("\n");
    expect(lines[0]).toBe("````text");
    expect(lines[lines.length - 1]).toBe("````");
    expect(lines[1]).toBe(KILL("```"));
  });
});

describe("escapeHtml", () => {
  it("element content and attributes", () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe("&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;");
  });
});
