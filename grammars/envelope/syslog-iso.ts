/**
 * rsyslog's high-precision file format (RSYSLOG_FileFormat, the default on Debian/Ubuntu since
 * rsyslog 8.2x and on many hardened configs): `2024-01-02T03:04:05.123456+00:00 host kernel: msg`,
 * possibly with the inner printk stamp and `#012` escapes as in RFC 3164 files. Also reads
 * `journalctl -o short-iso-precise`.
 */
import { statelessDecoder, type EnvelopeFormat } from "./envelope-fields.js";
import { makeIsoStampParser } from "./iso-stamp-syslog.js";

export const parseSyslogIsoLine = makeIsoStampParser("SyslogIso", /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+(?:Z|[+-]\d{2}:?\d{2})) /, true);

export const syslogIso: EnvelopeFormat = {
  name: "syslog-iso",
  description: "rsyslog high-precision: 2024-01-02T03:04:05.123456+00:00 host ident: message",
  matches: (line) => parseSyslogIsoLine(line) !== null,
  createDecoder: () => statelessDecoder(parseSyslogIsoLine),
  structured: false,
  samples: [
    {
      // No rsyslog high-precision file in the corpus: peers/parseoom/messages line 95 with the
      // stamp rsyslog's RSYSLOG_FileFormat template writes (year from the file's context).
      line: "2021-12-20T03:17:52.704012+00:00 localhost kernel: [75669.703275] Out of memory: Killed process 517 (clamd) total-vm:2361456kB, anon-rss:1689296kB, file-rss:0kB, shmem-rss:0kB, UID:111 pgtables:4292kB oom_score_adj:0",
      from: "derived from peers/parseoom/messages line 95",
      expect: { host: "localhost", ident: "kernel", uptime: 75669.703275, wall: Date.UTC(2021, 11, 20, 3, 17, 52) + 704.012 },
    },
  ],
};
