/**
 * The `host ident[pid]: ` part shared by syslog and journalctl text formats, and the inner
 * printk stamp that rsyslog/syslog-ng keep on kernel lines (`kernel: [14808.063890] msg`, imklog
 * with the default ParseKernelTimestamp=off; absent with journald forwarding).
 *
 * Each format builds its own copy of these tokens because a prefix token is guarded by the token
 * before it (prefix-lexer.ts): `makeSyslogTail(Stamp)` chains HostIdent after that format's stamp.
 */
import type { IToken, TokenType } from "../chevrotain.js";
import type { EnvelopeFields } from "./envelope-fields.js";
import { groups, prefixToken } from "./prefix-lexer.js";
import { PRINTK_STAMP, printkCallerOf, uptimeOf } from "./dmesg-prefix.js";

export interface SyslogTail {
  tokens: TokenType[];
  /** Fill host/ident/uptime/caller from the tokens after the stamp. False if Host is missing. */
  read(tokens: IToken[], fields: EnvelopeFields): boolean;
}

/** Tag as RFC 3164 calls it: program name, optional `[pid]`, then `:`; one space follows. */
const IDENT = /([^\s\[\]:]+)(?:\[(\d+)\])?: ?/;
/**
 * Host, then the tag when there is one (a line may have none: `host  text`): group 1 the host,
 * group 2 the program, group 3 the pid. One token rather than two: the tag is optional and last,
 * so it cannot change where the host ends, and every line saves a token. The host is optional too:
 * `journalctl --no-hostname` prints `Nov 27 04:06:31 kernel: msg`, and a host never ends with `:`.
 */
const HOST_IDENT = new RegExp("(?:(\\S*[^\\s:]) )?(?:" + IDENT.source + ")?");

export function makeSyslogTail(prefix: string, stamp: TokenType): SyslogTail {
  const HostIdent = prefixToken(prefix + "HostIdent", HOST_IDENT, [stamp]);
  // Only kernel lines carry the printk stamp (and caller id) after the tag.
  const Inner = prefixToken(prefix + "InnerStamp", PRINTK_STAMP, [HostIdent], (prev) => prev !== undefined && groups(prev)[2] === "kernel");
  return {
    tokens: [HostIdent, Inner],
    read(tokens, fields) {
      let sawHost = false;
      for (const t of tokens) {
        if (t.tokenType === HostIdent) {
          const g = groups(t);
          fields.host = g[1] ?? null;
          fields.ident = g[2] ?? null;
          sawHost = fields.host !== null || fields.ident !== null;
        } else if (t.tokenType === Inner) {
          fields.uptime = uptimeOf(t);
          fields.callerId = printkCallerOf(t);
        }
      }
      return sawHost;
    },
  };
}

/** Severity names in `<kern.warning>`-less text formats are absent; RFC 5424/3164 `<pri>` → level. */
export function levelOfPri(pri: string): number {
  return Number(pri) & 7;
}
