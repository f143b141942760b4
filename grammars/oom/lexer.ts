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
export const lexer = new Lexer(allTokens, { ensureOptimizations: true, positionTracking: "onlyOffset" });

/** What Chevrotain 11 keeps per token pattern of a mode (internal, read by `walk`). */
interface PatternConfig {
  pattern: RegExp | string;
  short: number | false;
  isCustom: boolean;
  group: string | false | undefined;
  tokenType: TokenType;
  tokenTypeIdx: number;
  longerAlt?: unknown;
  push?: unknown;
  pop?: unknown;
}

/**
 * Chevrotain's per-call set-up (groups, mode stack, error list, a token array sized for long texts) was a third
 * of the cost of lexing one report line. `walk` runs the same loop over the lexer's own analysis (which
 * patterns may start with each character, in definition order; first match wins), and is checked against
 * `lexer.tokenize` on every corpus line (test/oom/lexer-walk.test.ts). Null when this Chevrotain keeps its
 * analysis elsewhere, or the grammar needs what the walk does not do (modes, longer_alt, custom patterns).
 */
const walk = (() => {
  const internals = lexer as unknown as { charCodeToPatternIdxToConfig?: Record<string, PatternConfig[][]>; patternIdxToConfig?: Record<string, PatternConfig[]> };
  const byChar = internals.charCodeToPatternIdxToConfig?.defaultMode;
  const all = internals.patternIdxToConfig?.defaultMode;
  if (!Array.isArray(byChar) || !Array.isArray(all) || all.length !== allTokens.length - 1) return null;
  // group: undefined for a skipped token, false for a token kept in the list, a name for a token group (not walked).
  if (all.some((c) => typeof c.group === "string" || c.isCustom || c.longerAlt !== undefined || c.push !== undefined || c.pop === true || (c.short === false && !(c.pattern instanceof RegExp && c.pattern.sticky)))) return null;
  return (text: string): IToken[] | null => {
    const tokens: IToken[] = [];
    let offset = 0;
    while (offset < text.length) {
      const c = text.charCodeAt(offset);
      // Above 255 Chevrotain groups characters by blocks; every pattern is a safe superset there.
      const candidates = c < 256 ? byChar[c] ?? [] : all;
      let length = -1;
      let config: PatternConfig | null = null;
      for (const cfg of candidates) {
        if (cfg.short !== false) {
          if (c !== cfg.short) continue;
          length = 1;
        } else {
          const re = cfg.pattern as RegExp;
          re.lastIndex = offset;
          if (!re.test(text)) continue;
          length = re.lastIndex - offset;
        }
        config = cfg;
        break;
      }
      // A character no token takes, or an empty match: Chevrotain's own handling decides (never with these tokens).
      if (config === null || length === 0) return null;
      if (config.group === false) tokens.push({ image: text.slice(offset, offset + length), startOffset: offset, tokenTypeIdx: config.tokenTypeIdx, tokenType: config.tokenType });
      offset += length;
    }
    return tokens;
  };
})();

/** True when lexLine walks the analysis itself (the pinned Chevrotain 11 keeps it where `walk` reads it). */
export const lexerWalks = walk !== null;

/** Tokens of one line. Never throws: `Other` matches every non-space character. */
export function lexLine(text: string): IToken[] {
  return walk?.(text) ?? lexer.tokenize(text).tokens;
}
