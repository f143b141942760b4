import { createToken, Lexer, type IToken, type TokenType } from "../chevrotain.js";

/**
 * Tokens of the structured part of one OOM-report line (the `key:value`, `key=value`, `key value` bags, task rows,
 * buddy lists). Free text (comm names, cgroup paths) is never tokenised into meaning: callers slice it from the line
 * with token offsets. Every character lexes to some token (`Other` is the catch-all), so lexing never fails.
 */

/** Category shared by every token, so a parser rule can skip "any token". */
export const AnyToken = createToken({ name: "AnyToken", pattern: Lexer.NA });

const tok = (name: string, pattern: RegExp, extra: Partial<Parameters<typeof createToken>[0]> = {}): TokenType =>
  createToken({ name, pattern, categories: [AnyToken], ...extra });

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r]+/, group: Lexer.SKIPPED });
/** A size the kernel printed with its unit: `4096kB` (K(x) in kB) or `108KB` (memcg stats ≤5.2, slab table). */
export const Size = tok("Size", /-?\d+(?:kB|KB)/);
export const Hex = tok("Hex", /0x[0-9a-fA-F]+/);
export const Int = tok("Int", /-?\d+/);
/** Keys and words: `active_anon`, `total-vm`, `isolated(anon)`, `GFP_KERNEL`. */
export const Word = tok("Word", /[A-Za-z_][A-Za-z0-9_\-]*(?:\((?:anon|file)\))?/);
export const Colon = tok("Colon", /:/);
export const Equals = tok("Equals", /=/);
export const Comma = tok("Comma", /,/);
export const LParen = tok("LParen", /\(/);
export const RParen = tok("RParen", /\)/);
export const LBracket = tok("LBracket", /\[/);
export const RBracket = tok("RBracket", /\]/);
export const Star = tok("Star", /\*/);
export const Pipe = tok("Pipe", /\|/);
export const Question = tok("Question", /\?/);
/** Anything else, one character at a time (paths, `#`, `/`, `.`, non-ASCII). */
export const Other = tok("Other", /[\x00-\x08\x0a-\x0c\x0e-\x1f\x21-\x7e\x7f-\uffff]/);

export const allTokens: TokenType[] = [
  WhiteSpace, Size, Hex, Int, Word, Colon, Equals, Comma, LParen, RParen, LBracket, RBracket, Star, Pipe, Question,
  Other, AnyToken,
];

// Built once at module load; `ensureOptimizations` keeps the first-char optimisation (fails loudly if lost).
const lexer = new Lexer(allTokens, { ensureOptimizations: true, positionTracking: "onlyOffset" });

/** Tokens of one line. Never throws: `Other` matches every non-space character. */
export function lexLine(text: string): IToken[] {
  return lexer.tokenize(text).tokens;
}
