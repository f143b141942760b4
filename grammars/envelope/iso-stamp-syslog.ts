/** Builder shared by `ISO-stamp host ident: msg` formats (journal-short-iso, syslog-iso). */
import { emptyFields, type LineResult } from "./envelope-fields.js";
import { LINE_START, groups, lexPrefix, prefixLexer, prefixToken } from "./prefix-lexer.js";
import { makeSyslogTail } from "./syslog-prefix.js";
import { decodeRsyslogEscapes, isoToMs } from "./clock-text.js";
import type { HandReader } from "./common-syslog-line.js";

/** `byHand`: the format's common line read by hand (common-syslog-line.ts), the rest by this grammar. */
export function makeIsoStampParser(name: string, stampRegex: RegExp, decodeEscapes: boolean, byHand?: HandReader): (line: string) => LineResult | null {
  const Stamp = prefixToken(name + "Stamp", stampRegex, [LINE_START]);
  const tail = makeSyslogTail(name, Stamp);
  const lexer = prefixLexer([Stamp, ...tail.tokens]);
  return (line) => {
    const read = byHand?.(line, decodeEscapes);
    if (read !== undefined) return read;
    const c = line.charCodeAt(0);
    if (c < 0x30 || c > 0x39 || line.charCodeAt(10) !== 0x54 /* T */) return null;
    const { tokens, messageStart } = lexPrefix(lexer, line);
    if (tokens.length === 0) return null;
    const wall = isoToMs(groups(tokens[0])[1]);
    if (wall === null) return null;
    const body = line.slice(messageStart);
    const fields = emptyFields(decodeEscapes ? decodeRsyslogEscapes(body) : body);
    fields.wall = wall;
    if (!tail.read(tokens, fields)) return null;
    return { kind: "start", fields, messageColumn: messageStart };
  };
}
