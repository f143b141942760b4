/**
 * Chevrotain lexing of a line's envelope prefix, and only of the prefix.
 *
 * A prefix is a short fixed sequence (stamp, host, ident, …) followed by free text. Each prefix
 * token is a custom pattern guarded by the token that must precede it, so the lexer itself walks
 * the prefix grammar: once no prefix token can follow, `Rest` takes the whole remainder in one
 * token. A line of another format therefore lexes as a single `Rest` token, and a message is never
 * split into words (gigabytes of logs: the message body must cost nothing).
 *
 * Lexers are built once per format at module load; `tokenize` is the only per-line work.
 */
import { createToken, Lexer, type IToken, type TokenType } from "../chevrotain.js";

/** Everything after the prefix. Always the last token of a lexer. */
export const Rest = createToken({
  name: "Rest",
  line_breaks: false,
  pattern: {
    exec: (text: string, offset: number) => (offset < text.length ? [text.slice(offset)] : null),
  },
});

/** Marker for "this token may open the line". */
export const LINE_START = "line-start" as const;

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
  const allowStart = after.includes(LINE_START);
  const allowed = after.filter((t): t is TokenType => t !== LINE_START);
  return createToken({
    name,
    line_breaks: false,
    pattern: {
      exec: (text: string, offset: number, tokens: IToken[]) => {
        const previous = tokens.length > 0 ? tokens[tokens.length - 1] : undefined;
        if (previous === undefined ? !allowStart : !allowed.includes(previous.tokenType)) return null;
        if (accept !== undefined && !accept(previous)) return null;
        sticky.lastIndex = offset;
        const m = sticky.exec(text);
        if (m === null || m[0].length === 0) return null;
        const result = [m[0]] as [string] & { payload?: RegExpExecArray };
        result.payload = m;
        return result;
      },
    },
  });
}

/** Build the lexer of one prefix grammar. `tokens` in priority order; Rest is appended. */
export function prefixLexer(tokens: TokenType[]): Lexer {
  return new Lexer([...tokens, Rest], {
    positionTracking: "onlyOffset",
    // Custom patterns cannot be first-char optimised; the token lists are tiny anyway.
    ensureOptimizations: false,
    // Validations cost time at module load only; keep them on so a bad token list fails tests.
  });
}

/** Lex a line; returns the prefix tokens (Rest excluded) and where the message starts. */
export function lexPrefix(lexer: Lexer, line: string): { tokens: IToken[]; messageStart: number } {
  const { tokens } = lexer.tokenize(line);
  let end = 0;
  const prefix: IToken[] = [];
  for (const t of tokens) {
    if (t.tokenType === Rest) break;
    prefix.push(t);
    end = t.startOffset + t.image.length;
  }
  return { tokens: prefix, messageStart: end };
}

/** The capture groups of a prefix token. */
export function groups(token: IToken): RegExpExecArray {
  return token.payload as RegExpExecArray;
}
