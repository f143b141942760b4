import { EmbeddedActionsParser, type IToken, type TokenType } from "../chevrotain.js";
import {
  AnyToken, allTokens, Colon, Equals, Hex, Int, intValue, lexLine, LParen, Pipe, Question, RParen, Size, tokenize, Word, type LineTokens,
} from "./lexer.js";

/**
 * One `key value` item of a kernel field bag. The kernel prints most OOM lines as bags:
 * `key:value` (Mem-Info, kill lines, memcg stats ≤5.2), `key=value` (header, hugepages, `oom-kill:`),
 * `key value` (memcg counters `usage 4kB`, memcg stats ≥5.3 `anon 4096`).
 */
export interface Field {
  key: string;
  /** Numeric value; null for words such as `(null)`. */
  value: number | null;
  /** Unit as printed: "kB" (K(x)), "KB" (memcg stats ≤5.2, slab), or null (pages, bytes, counts). */
  unit: "kB" | "KB" | null;
  /** Text of the value as printed (`0x24280ca`, `(null)`, `yes`). */
  raw: string;
  /** Decoded GFP flag names after a hex mask: `0xcc0(GFP_KERNEL)` → ["GFP_KERNEL"]. */
  flags?: string[];
}

type Value = Omit<Field, "key">;

/**
 * The bag grammar:
 *   fields := (field | anyToken)*
 *   field  := Word (":" | "=")? value
 *   value  := Size | Int | Hex gfpFlags? | "(" Word ")" | "?" Word
 * Anything that is not a field is skipped, so vendor additions and garbage never fail the line.
 */
class FieldParser extends EmbeddedActionsParser {
  constructor() {
    super(allTokens, { maxLookahead: 3, recoveryEnabled: false, skipValidations: process.env.OOMSLEUTH_SKIP_VALIDATIONS === "true" });
    this.performSelfAnalysis();
  }

  /** Fields of the line being parsed (the `fields` rule is not re-entrant: one line at a time). */
  private found: Field[] = [];

  // The alternatives of the per-token OR, built once (not per token): Chevrotain takes the same array every time.
  private readonly fieldOrSkip = [
    { GATE: () => this.atField(), ALT: () => { this.found.push(this.SUBRULE(this.field)); } },
    { ALT: () => { this.CONSUME(AnyToken); }, IGNORE_AMBIGUITIES: true },
  ];

  public fields = this.RULE("fields", (): Field[] => {
    const out: Field[] = [];
    this.found = out;
    this.MANY(() => this.OR(this.fieldOrSkip));
    return out;
  });

  /** Explicit lookahead: `Word value` or `Word (:|=) value`, so a bare word is skipped, not a failed field. */
  private atField(): boolean {
    if (this.LA(1).tokenType !== Word) return false;
    const second = this.LA(2).tokenType;
    if (second === Colon || second === Equals) return startsValue(this.LA(3).tokenType);
    return startsValue(second);
  }

  private field = this.RULE("field", (): Field => {
    const key = this.CONSUME(Word);
    this.OPTION(this.separator);
    const v = this.SUBRULE(this.value);
    // Copied field by field (not `{ key, ...v }`): the spread was a tenth of the parse time of a Mem-Info line.
    const f: Field = { key: key.image, value: v.value, unit: v.unit, raw: v.raw };
    if (v.flags) f.flags = v.flags;
    return f;
  });

  /** `:` or `=` between key and value (optional: memcg counters and ≥5.3 stats print `key value`). Built once. */
  private readonly separatorAlts = [{ ALT: () => this.CONSUME(Colon) }, { ALT: () => this.CONSUME(Equals) }];
  private readonly separator = () => { this.OR(this.separatorAlts); };

  private value = this.RULE("value", (): Value => this.OR(this.valueAlts));

  private readonly valueAlts = [
    { ALT: () => sizeValue(this.CONSUME(Size)) },
    { ALT: () => { const t = this.CONSUME(Int); return { value: Number(t.image), unit: null, raw: t.image }; } },
    {
      ALT: () => {
        const t = this.CONSUME(Hex);
        const flags = this.OPTION(() => this.SUBRULE(this.gfpFlags));
        const v: Value = { value: Number.parseInt(t.image.slice(2), 16), unit: null, raw: t.image };
        if (flags) v.flags = flags;
        return v;
      },
    },
    {
      ALT: () => {
        this.CONSUME(LParen);
        const w = this.CONSUME2(Word);
        this.CONSUME(RParen);
        return { value: null, unit: null, raw: `(${w.image})` };
      },
    },
    { ALT: (): Value => { this.CONSUME(Question); const w = this.CONSUME3(Word); return { value: null, unit: null, raw: w.image }; } },
  ];

  /** `%pGg`: `(GFP_HIGHUSER_MOVABLE|__GFP_ZERO)`, possibly empty `()` (≈4.5+). */
  private gfpFlags = this.RULE("gfpFlags", (): string[] => {
    const names: string[] = [];
    this.CONSUME2(LParen);
    this.OPTION(() => {
      names.push(this.CONSUME4(Word).image);
      this.MANY(() => { this.CONSUME(Pipe); names.push(this.CONSUME5(Word).image); });
    });
    this.CONSUME2(RParen);
    return names;
  });
}

function startsValue(t: TokenType | null): boolean {
  return t === Size || t === Int || t === Hex || t === LParen || t === Question;
}

function sizeValue(t: IToken): Value {
  const unit = t.image.endsWith("KB") ? "KB" : "kB";
  return { value: Number(t.image.slice(0, -2)), unit, raw: t.image };
}

// The reference walkFields is tested against (test/oom/field-walk.test.ts). Nothing else parses with it, so it is
// built on first use: its grammar analysis was ~7 ms of every run's start-up.
let parser: FieldParser | null = null;

/** The fields of `text` as FieldParser reads them (Chevrotain's parse: the grammar's definition). */
export function parseFieldsByParser(text: string): Field[] {
  parser ??= new FieldParser();
  parser.input = lexLine(text);
  // With the gate no alternative can fail, but a parse error must still not lose the line: fall back to [].
  return parser.fields() ?? [];
}

/**
 * FieldParser's parse, as one loop over the tokens: what Chevrotain does for this grammar, without its
 * per-rule machinery (rule stack, lookahead functions, exceptions). The parse of a Mem-Info line of ~20 fields
 * took ~1.4 µs, now ~0.15 µs (its lexing, ~1.1 µs, is unchanged); 5–10 % of a log made only of OOM reports.
 *
 * Chevrotain decides here with one token of lookahead, as the rules ask: a token opens a field when the gate
 * (atField) says so, and from then on every token must fit (`key (` must go on `word )`, a hex mask's `(` must hold
 * `word|word…)`); one that does not ends the parse with an error, and FieldParser's line then gives no field at
 * all. The same here: [].
 */
function walkFields(text: string, tokens: LineTokens): Field[] {
  const out: Field[] = [];
  const { count: n, types, starts, ends } = tokens;
  const type = (i: number): TokenType | null => (i < n ? types[i] : null);
  const image = (i: number): string => text.slice(starts[i], ends[i]);
  let i = 0;
  while (i < n) {
    const second = type(i + 1);
    const separated = second === Colon || second === Equals;
    if (types[i] !== Word || !startsValue(separated ? type(i + 2) : second)) {
      i++; // skipped, as `anyToken`
      continue;
    }
    const key = image(i);
    i += separated ? 2 : 1;
    const t = types[i];
    let f: Field;
    if (t === Size) {
      // `12kB` / `12KB`: the unit is the last two characters.
      const end = ends[i];
      f = { key, value: intValue(text, starts[i], end - 2), unit: text.charCodeAt(end - 2) === 0x4b /* K */ ? "KB" : "kB", raw: image(i) };
      i++;
    } else if (t === Int) {
      f = { key, value: intValue(text, starts[i], ends[i]), unit: null, raw: image(i) };
      i++;
    } else if (t === Hex) {
      const raw = image(i);
      f = { key, value: Number.parseInt(raw.slice(2), 16), unit: null, raw };
      i++;
      if (type(i) === LParen) {
        const names: string[] = [];
        i++;
        if (type(i) === Word) {
          names.push(image(i++));
          while (type(i) === Pipe) {
            if (type(i + 1) !== Word) return [];
            names.push(image(i + 1));
            i += 2;
          }
        }
        if (type(i) !== RParen) return [];
        i++;
        f.flags = names;
      }
    } else if (t === LParen) {
      if (type(i + 1) !== Word || type(i + 2) !== RParen) return [];
      f = { key, value: null, unit: null, raw: `(${image(i + 1)})` };
      i += 3;
    } else {
      // Question
      if (type(i + 1) !== Word) return [];
      f = { key, value: null, unit: null, raw: image(i + 1) };
      i += 2;
    }
    out.push(f);
  }
  return out;
}

/** All fields of a line (or of the part of a line the caller passes). Never throws. */
export function parseFields(text: string): Field[] {
  return walkFields(text, tokenize(text));
}

/** The fields as a map from key to the first field with that key. */
export function fieldMap(text: string): Map<string, Field> {
  const m = new Map<string, Field>();
  for (const f of parseFields(text)) if (!m.has(f.key)) m.set(f.key, f);
  return m;
}

/** Numeric value of a key, or null. */
export function num(m: Map<string, Field>, key: string): number | null {
  const f = m.get(key);
  return f && f.value !== null && Number.isFinite(f.value) ? f.value : null;
}
