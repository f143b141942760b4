import { EmbeddedActionsParser, type IToken, type TokenType } from "../chevrotain.js";
import {
  AnyToken, allTokens, Colon, Equals, Hex, Int, lexLine, LParen, Pipe, Question, RParen, Size, Word,
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

function startsValue(t: TokenType): boolean {
  return t === Size || t === Int || t === Hex || t === LParen || t === Question;
}

function sizeValue(t: IToken): Value {
  const unit = t.image.endsWith("KB") ? "KB" : "kB";
  return { value: Number(t.image.slice(0, -2)), unit, raw: t.image };
}

// Built once at module load and reused for every line.
const parser = new FieldParser();

/** All fields of a line (or of the part of a line the caller passes). Never throws. */
export function parseFields(text: string): Field[] {
  parser.input = lexLine(text);
  // With the gate no alternative can fail, but a parse error must still not lose the line: fall back to [].
  return parser.fields() ?? [];
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
