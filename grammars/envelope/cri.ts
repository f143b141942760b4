/**
 * Kubernetes container logs (the CRI log format kubelet writes under /var/log/pods and `kubectl logs`
 * reads): `2026-11-27T03:45:49.123456789Z stdout F <line>`. A node-debugging pod that runs `dmesg -w` or
 * tails /dev/kmsg leaves the kernel's lines there; the printk stamp that follows is read too. `P` marks a
 * partial line (the runtime split a long line), `F` the last part.
 */
import { emptyFields, statelessDecoder, type EnvelopeFormat, type LineResult } from "./envelope-fields.js";
import { LINE_START, groups, lexPrefix, prefixLexer, prefixToken } from "./prefix-lexer.js";
import { PRINTK_STAMP, printkCallerOf, uptimeOf } from "./dmesg-prefix.js";
import { isoToMs } from "./clock-text.js";

const Stamp = prefixToken("CriStamp", /(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) (?:stdout|stderr) [PF] ?/, [LINE_START]);
const Inner = prefixToken("CriPrintkStamp", PRINTK_STAMP, [Stamp]);
const lexer = prefixLexer([Stamp, Inner]);

export function parseCriLine(line: string): LineResult | null {
  if (line.charCodeAt(10) !== 0x54 /* T */) return null;
  const { tokens, messageStart } = lexPrefix(lexer, line);
  if (tokens.length === 0) return null;
  const wall = isoToMs(groups(tokens[0])[1]);
  if (wall === null) return null;
  const fields = emptyFields(line.slice(messageStart));
  fields.wall = wall;
  if (tokens[1]?.tokenType === Inner) {
    fields.uptime = uptimeOf(tokens[1]);
    fields.callerId = printkCallerOf(tokens[1]);
  }
  return { kind: "start", fields, messageColumn: messageStart };
}

export const cri: EnvelopeFormat = {
  name: "cri",
  description: "Kubernetes container log (CRI): 2026-11-27T03:45:49.123456789Z stdout F [ 12.345678] message",
  matches: (line) => parseCriLine(line) !== null,
  createDecoder: () => statelessDecoder(parseCriLine),
  structured: false,
  samples: [
    {
      line: "2025-04-24T13:05:39.159890159Z stdout F [2025-04-24 13:05:39] INFO Ghost is running in production...",
      from: "a real /var/log/pods/…/0.log quoted in a public blog post (search index id 44648709860)",
      expect: { wall: Date.UTC(2025, 3, 24, 13, 5, 39) + 159.890159, uptime: null, message: "[2025-04-24 13:05:39] INFO Ghost is running in production..." },
    },
    {
      line: "2016-10-06T00:17:09.669794202Z stdout P log content 1-1",
      from: "the CRI log format's partial-line example (kubernetes design notes, search index id 14094102127)",
      expect: { wall: Date.UTC(2016, 9, 6, 0, 17, 9) + 669.794202, message: "log content 1-1" },
    },
  ],
};
