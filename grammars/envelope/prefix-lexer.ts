/**
 * Chevrotain lexing of a line's envelope prefix, and only of the prefix.
 *
 * A prefix is a short fixed sequence (stamp, host, ident, …) followed by free text. Each prefix
 * token may only follow certain tokens (or open the line); the lexer walks that prefix grammar
 * with Chevrotain lexer modes: every token switches to the mode "after <token>", which holds only
 * the tokens allowed next, then `Rest`. Once no prefix token can follow, `Rest` takes the whole
 * remainder in one token. A line of another format therefore lexes as a single `Rest` token, and
 * a message is never split into words (gigabytes of logs: the message body must cost nothing).
 *
 * Why modes rather than a guard in each token's pattern: at each position Chevrotain tries the
 * mode's patterns in order, so with one flat token list every position paid one call per token of
 * the format (16 calls for an RFC 3164 line instead of 6); with modes it tries only the followers.
 *
 * Each format's modes are worked out once, at module load; `tokenize` is the only per-line work. Chevrotain's own
 * tokenize() costs ~0.5 µs of set-up per call (mode stack, error and group arrays, token objects with
 * every position field), which on a log made only of OOM reports was a fifth of the run; so the per-line
 * path walks the same modes itself (walkPrefix below). Chevrotain's Lexer, built from the same modes on first
 * use, validates the grammar and is the reference: test/envelope compares the two on every sample and corpus line.
 */
import { createToken, Lexer, type IToken, type TokenType } from "../chevrotain.js";

/**
 * Everything after the prefix. Always the last token of every mode. Skipped: it only ends the
 * lexing, no token is made for it (the message is cut from the line by the caller).
 */
export const Rest = createToken({
  name: "Rest",
  line_breaks: false,
  group: Lexer.SKIPPED,
  pattern: {
    exec: (text: string, offset: number) => (offset < text.length ? [text.slice(offset)] : null),
  },
});

/** Marker for "this token may open the line". */
export const LINE_START = "line-start" as const;

/** The tokens each prefix token may follow, recorded for prefixLexer() to build the modes. */
const predecessors = new Map<TokenType, ReadonlyArray<TokenType | typeof LINE_START>>();

/** A custom pattern's matcher, as Chevrotain calls it. */
type Exec = (text: string, offset: number, tokens: IToken[]) => RegExpExecArray | null;
/** Each prefix token's matcher, for walkPrefix. */
const matchers = new Map<TokenType, Exec>();

/** Name of the lexer mode entered after `token`. */
function modeAfter(name: string): string {
  return "after " + name;
}

/**
 * A prefix token: `regex` (no flags needed; it is made sticky) may match only right after one of
 * `after` (or at the line start for LINE_START). The RegExp match is kept as the token payload so
 * the walker reads capture groups without a second regex. `accept` can veto a match by looking at
 * the previous token (e.g. the inner `[uptime]` only after the `kernel:` ident).
 */
export function prefixToken(
  name: string,
  regex: RegExp,
  after: ReadonlyArray<TokenType | typeof LINE_START>,
  accept?: (previous: IToken | undefined) => boolean,
): TokenType {
  const sticky = new RegExp(regex.source, "y" + (regex.flags.includes("i") ? "i" : "") + (regex.flags.includes("u") ? "u" : ""));
  // The walk's matcher returns the match as it is; Chevrotain's also hangs it on itself as `payload` (how a custom
  // pattern passes one), which costs the match array a new shape on every line: the walk puts it in the token.
  const match: Exec =
    accept === undefined
      ? (text, offset) => matchAt(sticky, text, offset)
      : (text, offset, tokens) => (accept(tokens.length > 0 ? tokens[tokens.length - 1] : undefined) ? matchAt(sticky, text, offset) : null);
  const exec = (text: string, offset: number, tokens: IToken[]) => withPayload(match(text, offset, tokens));
  const token = createToken({ name, line_breaks: false, push_mode: modeAfter(name), pattern: { exec } });
  predecessors.set(token, after);
  matchers.set(token, match);
  return token;
}

/** A non-empty match of `sticky` at `offset`, or null. */
function matchAt(sticky: RegExp, text: string, offset: number): RegExpExecArray | null {
  sticky.lastIndex = offset;
  const m = sticky.exec(text);
  return m === null || m[0].length === 0 ? null : m;
}

/** The match itself serves as Chevrotain's custom-pattern result (image in [0]) and as the payload. */
function withPayload(m: RegExpExecArray | null): (RegExpExecArray & { payload?: RegExpExecArray }) | null {
  if (m !== null) (m as RegExpExecArray & { payload?: RegExpExecArray }).payload = m;
  return m;
}

/** A built prefix lexer: Chevrotain's Lexer (the reference) and the per-line entry point. */
export interface PrefixLexer {
  readonly lexer: Lexer;
  /** The prefix tokens of a line (Rest is skipped), as `lexer.tokenize(line).tokens` gives them. */
  tokenize(line: string): IToken[];
}

/** Build the lexer of one prefix grammar. `tokens` in priority order; Rest is appended to every mode. */
export function prefixLexer(tokens: TokenType[]): PrefixLexer {
  const followers = (previous: TokenType | typeof LINE_START): TokenType[] => [
    ...tokens.filter((t) => (predecessors.get(t) ?? []).includes(previous)),
    Rest,
  ];
  const modes: Record<string, TokenType[]> = { [LINE_START]: followers(LINE_START) };
  for (const t of tokens) modes[modeAfter(t.name)] = followers(t);
  // Chevrotain's Lexer is the reference the walk is tested against; nothing else uses it, so it is built on first
  // use (the seventeen formats' lexers were ~7 ms of every run's start-up). A bad token list throws then: every
  // format's lexer is built and compared in test/envelope/prefix-lexer.test.ts.
  let lexer: Lexer | null = null;
  const reference = () =>
    (lexer ??= new Lexer(
      { modes, defaultMode: LINE_START },
      {
        positionTracking: "onlyOffset",
        // Custom patterns cannot be first-char optimised; the token lists are tiny anyway.
        ensureOptimizations: false,
      },
    ));
  // The walk: per mode, its prefix tokens in order with the mode each one enters (Rest, last in every mode,
  // ends the walk).
  const steps = new Map<string, Array<{ type: TokenType; exec: Exec; next: string }>>();
  for (const [mode, list] of Object.entries(modes)) {
    steps.set(mode, list.filter((t) => t !== Rest).map((t) => ({ type: t, exec: matchers.get(t)!, next: modeAfter(t.name) })));
  }
  const tokenize = (line: string) => walkPrefix(steps, line);
  const built = {
    get lexer() {
      return reference();
    },
    tokenize,
  };
  allBuilt.push(built);
  return built;
}

/** Every prefix lexer built, for the test that walks each one against Chevrotain's. */
const allBuilt: PrefixLexer[] = [];
export function builtPrefixLexers(): readonly PrefixLexer[] {
  return allBuilt;
}

/**
 * Chevrotain's lexing loop, for a grammar made only of custom-pattern tokens in modes: at each offset the
 * mode's tokens are tried in order and the first match (never empty: matchAt refuses those) is taken and
 * enters its mode; when none matches, Rest takes the remainder and is skipped, which ends the prefix.
 */
function walkPrefix(steps: Map<string, Array<{ type: TokenType; exec: Exec; next: string }>>, line: string): IToken[] {
  const tokens: IToken[] = [];
  let mode: string = LINE_START;
  let offset = 0;
  while (offset < line.length) {
    let next: string | null = null;
    for (const step of steps.get(mode)!) {
      const m = step.exec(line, offset, tokens);
      if (m === null) continue;
      const image = m[0];
      tokens.push({ image, startOffset: offset, endOffset: offset + image.length - 1, tokenType: step.type, tokenTypeIdx: step.type.tokenTypeIdx!, payload: m });
      offset += image.length;
      next = step.next;
      break;
    }
    if (next === null) break;
    mode = next;
  }
  return tokens;
}

/** Lex a line; returns the prefix tokens (Rest excluded) and where the message starts. */
export function lexPrefix(prefix: PrefixLexer, line: string): { tokens: IToken[]; messageStart: number } {
  const tokens = prefix.tokenize(line);
  const last = tokens.length > 0 ? tokens[tokens.length - 1] : undefined;
  return { tokens, messageStart: last === undefined ? 0 : last.startOffset + last.image.length };
}

/** The capture groups of a prefix token. */
export function groups(token: IToken): RegExpExecArray {
  return token.payload as RegExpExecArray;
}
