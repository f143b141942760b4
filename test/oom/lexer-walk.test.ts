import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { oomFixtureFiles } from "./helpers.js";
import { lexer, lexerWalks, lexLine } from "../../grammars/oom/lexer.js";

// Every line of every OOM report in the fixtures (peers' test suites, the go-leak run, the seed reports): the walk
// over the lexer's analysis must give exactly Chevrotain's tokens.

describe("OOM line lexer", () => {
  it("gives Chevrotain's tokens on every fixture line, and on lines with characters beyond Latin-1", () => {
    expect(lexerWalks).toBe(true);
    const lines = [...new Set(oomFixtureFiles().flatMap((f) => readFileSync(f, "utf8").split("\n")))];
    expect(lines.length).toBeGreaterThan(5_000);
    // A task name and a cgroup path as a hostile or non-English host prints them.
    lines.push("[  4242]     0  4242    12345      678       0         0             0 Ünïcödé процесс 进程", "oom-kill:constraint=CONSTRAINT_MEMCG,task_memcg=/сервис,task=имя,pid=7");
    const shape = (t: { image: string; startOffset: number; tokenType: { name: string } }) => `${t.tokenType.name}@${t.startOffset}:${t.image}`;
    for (const line of lines) expect(lexLine(line).map(shape), line).toEqual(lexer.tokenize(line).tokens.map(shape));
  });
});
