import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastCheckSeed } from "../fc-seed.js";
import { oomFixtureFiles } from "./helpers.js";
import { lexer, lexLine } from "../../grammars/oom/lexer.js";

// lexLine reads the tokens by hand; Chevrotain's lexer of the same token definitions is the reference.
const shape = (t: { image: string; startOffset: number; tokenType: { name: string } }) => `${t.tokenType.name}@${t.startOffset}:${t.image}`;
const chevrotain = (line: string) => lexer().tokenize(line).tokens.map(shape);

describe("OOM line lexer", () => {
  it("gives Chevrotain's tokens on every fixture line, and on lines with characters beyond Latin-1", () => {
    const lines = [...new Set(oomFixtureFiles().flatMap((f) => readFileSync(f, "utf8").split("\n")))];
    expect(lines.length).toBeGreaterThan(5_000);
    // A task name and a cgroup path as a hostile or non-English host prints them.
    lines.push("[  4242]     0  4242    12345      678       0         0             0 Ünïcödé процесс 进程", "oom-kill:constraint=CONSTRAINT_MEMCG,task_memcg=/сервис,task=имя,pid=7");
    for (const line of lines) expect(lexLine(line).map(shape), line).toEqual(chevrotain(line));
  });

  it("gives Chevrotain's tokens on generated lines made of the characters where tokens start and end", () => {
    // Numbers next to units, hex prefixes, signs, word tails and the (anon)/(file) suffixes, cut and glued anyhow.
    const piece = fc.constantFrom(
      "0", "7", "42", "-", "-3", "x", "0x", "0xfF", "g", "k", "K", "B", "kB", "KB", "k B", "_", "a-b", "(anon)", "(file)", "(ano",
      "(", ")", "[", "]", ":", "=", ",", "*", "|", "?", " ", "\t", "\r", "\n", "/", ".", "#", "é", "进", "\u0000", "\u000b", "\ud83d",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => {
        const line = pieces.join("");
        expect(lexLine(line).map(shape), JSON.stringify(line)).toEqual(chevrotain(line));
      }),
      { numRuns: 5_000, seed: fastCheckSeed("OOM line lexer") },
    );
  });
});
