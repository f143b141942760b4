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
 * Lexers are built once per format at module load; `tokenize` is the only per-line work.
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
  const exec =
    accept === undefined
      ? (text: string, offset: number) => matchAt(sticky, text, offset)
      : (text: string, offset: number, tokens: IToken[]) =>
          accept(tokens.length > 0 ? tokens[tokens.length - 1] : undefined) ? matchAt(sticky, text, offset) : null;
  const token = createToken({ name, line_breaks: false, push_mode: modeAfter(name), pattern: { exec } });
  predecessors.set(token, after);
  return token;
}

/** The match itself serves as Chevrotain's custom-pattern result (image in [0]) and as the payload. */
function matchAt(sticky: RegExp, text: string, offset: number): (RegExpExecArray & { payload?: RegExpExecArray }) | null {
  sticky.lastIndex = offset;
  const m: (RegExpExecArray & { payload?: RegExpExecArray }) | null = sticky.exec(text);
  if (m === null || m[0].length === 0) return null;
  m.payload = m;
  return m;
}

/** A built prefix lexer: Chevrotain's Lexer and the per-line entry point into it. */
export interface PrefixLexer {
  readonly lexer: Lexer;
  /** The prefix tokens of a line (Rest is skipped). */
  tokenize(line: string): IToken[];
}

/** Chevrotain 11's tokenize() body, which the class does not declare. */
type TokenizeInternal = (text: string, initialMode: string) => { tokens: IToken[] };

/** Build the lexer of one prefix grammar. `tokens` in priority order; Rest is appended to every mode. */
export function prefixLexer(tokens: TokenType[]): PrefixLexer {
  const followers = (previous: TokenType | typeof LINE_START): TokenType[] => [
    ...tokens.filter((t) => (predecessors.get(t) ?? []).includes(previous)),
    Rest,
  ];
  const modes: Record<string, TokenType[]> = { [LINE_START]: followers(LINE_START) };
  for (const t of tokens) modes[modeAfter(t.name)] = followers(t);
  // A bad token list throws here, at module load (deferDefinitionErrorsHandling is off).
  const lexer = new Lexer(
    { modes, defaultMode: LINE_START },
    {
      positionTracking: "onlyOffset",
      // Custom patterns cannot be first-char optimised; the token lists are tiny anyway.
      ensureOptimizations: false,
      // Validations cost time at module load only; keep them on so a bad token list fails tests.
    },
  );
  // Lexer.tokenize() re-checks the definition errors on every call with lodash's isEmpty before
  // calling tokenizeInternal(): some 80 ns, over a tenth of a syslog line's cost. The errors were
  // checked when the lexer was built, so the line goes straight to tokenizeInternal(); should a
  // Chevrotain release drop that method, the public tokenize() takes over (same tokens, slower).
  const internal = (lexer as unknown as { tokenizeInternal?: TokenizeInternal }).tokenizeInternal;
  const tokenize =
    typeof internal === "function" && lexer.lexerDefinitionErrors.length === 0
      ? (line: string) => internal.call(lexer, line, LINE_START).tokens
      : (line: string) => lexer.tokenize(line).tokens;
  return { lexer, tokenize };
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
