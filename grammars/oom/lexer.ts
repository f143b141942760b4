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

/**
 * The Chevrotain lexer of these tokens: the definition tokenize is tested against (test/oom/lexer.test.ts).
 * Built on first use: its analysis was ~10 ms of every run's start-up, and tokenize does not need it.
 */
let chevrotainLexer: Lexer | null = null;
export function lexer(): Lexer {
  // `ensureOptimizations` keeps the first-char optimisation (fails loudly if lost).
  return (chevrotainLexer ??= new Lexer(allTokens, { ensureOptimizations: true, positionTracking: "onlyOffset" }));
}

const MINUS = 0x2d;

/** The one-character tokens, by their character. */
const SINGLE: Array<TokenType | undefined> = [];
for (const [c, type] of [[":", Colon], ["=", Equals], [",", Comma], ["(", LParen], [")", RParen], ["[", LBracket], ["]", RBracket], ["*", Star], ["|", Pipe], ["?", Question]] as const) {
  SINGLE[c.charCodeAt(0)] = type;
}

/** The blanks between tokens (skipped): space, tab, CR. */
export function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** `[A-Za-z_]`: what starts a Word. */
function startsWord(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

/** `[A-Za-z0-9_\-]`: what goes on in a Word. */
function inWord(c: number): boolean {
  return startsWord(c) || isDigit(c) || c === MINUS;
}

/** The tokens of one line as parallel lists: token i is types[i], text[starts[i], ends[i]). */
export interface LineTokens {
  count: number;
  types: TokenType[];
  starts: number[];
  ends: number[];
}

/** What tokenize() fills for each line: one set of lists for the process, no object or string per token. */
const scratch: LineTokens = { count: 0, types: [], starts: [], ends: [] };

/**
 * The tokens of one line, as `lexer().tokenize(text).tokens` gives them (tested equal on every corpus line and on
 * generated ones), in lists that the next call fills again: read them before lexing another line. Never throws:
 * `Other` takes every character no other token starts with.
 *
 * Read by hand, character class by character class, in the patterns' order of definition (Chevrotain takes the first
 * pattern that matches, not the longest): Chevrotain tries a sticky regular expression per candidate pattern at
 * each token. `-` then a digit is a number (Size or Int); `0x` then a hex digit is Hex; a Word may end in `(anon)`
 * or `(file)`; blanks are skipped. Every read is inside the text: a read past its end deoptimised the compiled
 * function (three recompilations of ~20 ms each in a run). No object per token: a token and its text were ~85
 * bytes, ~180 MB of what 64 MiB of OOM reports allocated (2.2 million tokens).
 */
export function tokenize(text: string): LineTokens {
  const { types, starts, ends } = scratch;
  const n = text.length;
  let count = 0;
  let at = 0;
  while (at < n) {
    const c = text.charCodeAt(at);
    if (isBlank(c)) {
      at++;
      continue;
    }
    let type: TokenType;
    let end: number;
    if (isDigit(c) || (c === MINUS && at + 1 < n && isDigit(text.charCodeAt(at + 1)))) {
      let digitsEnd = at + 1;
      while (digitsEnd < n && isDigit(text.charCodeAt(digitsEnd))) digitsEnd++;
      const u = digitsEnd < n ? text.charCodeAt(digitsEnd) : -1;
      if ((u === 0x6b /* k */ || u === 0x4b /* K */) && digitsEnd + 1 < n && text.charCodeAt(digitsEnd + 1) === 0x42 /* B */) {
        type = Size;
        end = digitsEnd + 2;
      } else if (c === 0x30 && digitsEnd === at + 1 && u === 0x78 /* x */ && at + 2 < n && isHexDigit(text.charCodeAt(at + 2))) {
        type = Hex;
        end = at + 3;
        while (end < n && isHexDigit(text.charCodeAt(end))) end++;
      } else {
        type = Int;
        end = digitsEnd;
      }
    } else if (startsWord(c)) {
      type = Word;
      end = at + 1;
      while (end < n && inWord(text.charCodeAt(end))) end++;
      if (text.startsWith("(anon)", end) || text.startsWith("(file)", end)) end += 6;
    } else {
      type = (c < SINGLE.length ? SINGLE[c] : undefined) ?? Other;
      end = at + 1;
    }
    types[count] = type;
    starts[count] = at;
    ends[count] = end;
    count++;
    at = end;
  }
  scratch.count = count;
  return scratch;
}

/**
 * The value of the Int (`-?\d+`) at text[from, to) as Number() reads it: summed digit by digit while that is exact
 * (up to 15 digits), else by Number(). Slicing each number out and converting it was most of a task row's cost.
 */
export function intValue(text: string, from: number, to: number): number {
  const negative = text.charCodeAt(from) === MINUS;
  const first = negative ? from + 1 : from;
  if (to - first > 15) return Number(text.slice(from, to));
  let n = 0;
  for (let j = first; j < to; j++) n = n * 10 + (text.charCodeAt(j) - 48);
  return negative ? -n : n;
}

/** Tokens of one line as Chevrotain's token objects (the task-row reference and tests; the hot path reads tokenize). */
export function lexLine(text: string): IToken[] {
  const { count, types, starts, ends } = tokenize(text);
  const tokens: IToken[] = [];
  for (let i = 0; i < count; i++) {
    tokens.push({ image: text.slice(starts[i], ends[i]), startOffset: starts[i], tokenTypeIdx: types[i].tokenTypeIdx!, tokenType: types[i] } as IToken);
  }
  return tokens;
}
