/**
 * The `host ident[pid]: ` part shared by syslog and journalctl text formats, and the inner
 * printk stamp that rsyslog/syslog-ng keep on kernel lines (`kernel: [14808.063890] msg`, imklog
 * with the default ParseKernelTimestamp=off; absent with journald forwarding).
 *
 * Each format builds its own copy of these tokens because a prefix token is guarded by the token
 * before it (prefix-lexer.ts): `makeSyslogTail(Stamp)` chains Host after that format's stamp.
 */
import type { IToken, TokenType } from "../chevrotain.js";
import type { EnvelopeFields } from "./envelope-fields.js";
import { groups, prefixToken } from "./prefix-lexer.js";
import { CALLER_ID, UPTIME_STAMP, callerOf, uptimeOf } from "./dmesg-prefix.js";

export interface SyslogTail {
  tokens: TokenType[];
  /** Fill host/ident/uptime/caller from the tokens after the stamp. False if Host is missing. */
  read(tokens: IToken[], fields: EnvelopeFields): boolean;
}

/** Tag as RFC 3164 calls it: program name, optional `[pid]`, then `:`; one space follows. */
const IDENT = /([^\s\[\]:]+)(?:\[(\d+)\])?: ?/;

export function makeSyslogTail(prefix: string, stamp: TokenType): SyslogTail {
  const Host = prefixToken(prefix + "Host", /(\S+) /, [stamp]);
  const Ident = prefixToken(prefix + "Ident", IDENT, [Host]);
  const Inner = prefixToken(prefix + "InnerStamp", UPTIME_STAMP, [Ident], (prev) => prev !== undefined && groups(prev)[1] === "kernel");
  const Caller = prefixToken(prefix + "InnerCaller", CALLER_ID, [Inner]);
  return {
    tokens: [Host, Ident, Inner, Caller],
    read(tokens, fields) {
      let sawHost = false;
      for (const t of tokens) {
        if (t.tokenType === Host) {
          fields.host = groups(t)[1];
          sawHost = true;
        } else if (t.tokenType === Ident) fields.ident = groups(t)[1];
        else if (t.tokenType === Inner) fields.uptime = uptimeOf(t);
        else if (t.tokenType === Caller) fields.callerId = callerOf(t);
      }
      return sawHost;
    },
  };
}

/** Severity names in `<kern.warning>`-less text formats are absent; RFC 5424/3164 `<pri>` → level. */
export function levelOfPri(pri: string): number {
  return Number(pri) & 7;
}
