/**
 * `dmesg --json` (util-linux 2.38+): `{ "dmesg": [ {…}, {…} ] }`, pretty-printed with one key
 * per line (`"pri": 7,` `"time":     0.399629,` `"caller": "T1",` `"msg": "…"`), objects separated
 * by `},{`. `pri` is facility*8+level. A whole object on one line (`{"pri":6,"time":1.2,"msg":"x"},`)
 * is read as well.
 *
 * The key lines are lexed with Chevrotain (key token, then the JSON value as Rest); the value
 * itself is decoded with JSON.parse, so escapes (`\"`, `\\`, `\u00e9`) are exact.
 */
import { emptyFields, type EnvelopeFields, type EnvelopeFormat, type LineDecoder, type LineResult } from "./envelope-fields.js";
import { LINE_START, groups, lexPrefix, prefixLexer, prefixToken } from "./prefix-lexer.js";

const Key = prefixToken("JsonKey", /\s*"(pri|time|caller|msg|fac)": */, [LINE_START]);
const lexer = prefixLexer([Key]);

/** Lines that only carry JSON structure. */
const STRUCTURE = /^\s*(?:\{|\}|\},|\},\{|\]|\],|\}\]|"dmesg"\s*:\s*\[)\s*$/;
const ONE_LINE_OBJECT = /^\s*\{\s*"pri"\s*:/;

function parseJsonValue(text: string): unknown {
  const t = text.trim().replace(/,$/, "");
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

function setKey(fields: EnvelopeFields, key: string, value: unknown): void {
  if (key === "pri" && typeof value === "number") fields.level = value & 7;
  else if (key === "time" && typeof value === "number") fields.uptime = value;
  else if (key === "caller" && typeof value === "string") fields.callerId = value;
  else if (key === "msg" && typeof value === "string") fields.message = value;
}

function createDmesgJsonDecoder(): LineDecoder {
  let pending: EnvelopeFields | null = null;
  let firstLine = 0;
  let sawMessage = false;

  function complete(): LineResult | null {
    if (pending === null || !sawMessage) {
      pending = null;
      return null;
    }
    const fields = pending;
    pending = null;
    sawMessage = false;
    return { kind: "record", fields, firstLine };
  }

  return {
    decode(line, lineNo) {
      if (ONE_LINE_OBJECT.test(line) && line.includes("}")) {
        const obj = parseJsonValue(line.replace(/^\s*\[/, "").replace(/\]\s*,?\s*$/, ""));
        if (obj === undefined || obj === null || typeof obj !== "object") return null;
        const fields = emptyFields("");
        for (const [k, v] of Object.entries(obj as Record<string, unknown>)) setKey(fields, k, v);
        return { kind: "record", fields, firstLine: lineNo };
      }
      const { tokens, messageStart } = lexPrefix(lexer, line);
      if (tokens.length === 1) {
        const value = parseJsonValue(line.slice(messageStart));
        if (value === undefined) return null;
        if (pending === null) {
          pending = emptyFields("");
          firstLine = lineNo;
        }
        const key = groups(tokens[0])[1];
        setKey(pending, key, value);
        if (key === "msg") sawMessage = true;
        return { kind: "skip" };
      }
      if (STRUCTURE.test(line)) {
        // `}` / `},{` ends an object; `{` alone opens one.
        return line.includes("}") ? complete() ?? { kind: "skip" } : { kind: "skip" };
      }
      return null;
    },
    finish: complete,
  };
}

export const dmesgJson: EnvelopeFormat = {
  name: "dmesg-json",
  description: "dmesg --json: pretty-printed {\"pri\",\"time\",\"caller\",\"msg\"} objects (or one object per line)",
  matches: (line) => STRUCTURE.test(line) || lexPrefix(lexer, line).tokens.length === 1 || ONE_LINE_OBJECT.test(line),
  createDecoder: createDmesgJsonDecoder,
  structured: true,
  samples: [
    {
      line: [
        "      },{",
        '         "pri": 3,',
        '         "time":  4750.320556,',
        '         "msg": "Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0"',
        "      },{",
      ].join("\n"),
      from: "go-leak/logs/dmesg.json lines 10043-10047",
      expect: {
        uptime: 4750.320556,
        level: 3,
        message: "Memory cgroup out of memory: Killed process 14060 (leaky) total-vm:1366320kB, anon-rss:203904kB, file-rss:5792kB, shmem-rss:0kB, UID:0 pgtables:560kB oom_score_adj:0",
      },
    },
    {
      line: [
        "      },{",
        '         "pri": 1,',
        '         "time":     0.000001,',
        '         "caller": "T2",',
        '         "msg": "Command line: initrd=\\\\ucode.img initrd=\\\\initramfs-linux.img rw cryptdevice=/dev/nvme0n1p3:system:discard root=/dev/mapper/system"',
        "      },{",
      ].join("\n"),
      from: "util-linux tests/expected/dmesg/cid-kmsg-json lines 8-13 (first line `},{`)",
      expect: {
        uptime: 0.000001,
        level: 1,
        callerId: "T2",
        message: "Command line: initrd=\\ucode.img initrd=\\initramfs-linux.img rw cryptdevice=/dev/nvme0n1p3:system:discard root=/dev/mapper/system",
      },
    },
  ],
};
