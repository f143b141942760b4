/**
 * rsyslog's high-precision file format (RSYSLOG_FileFormat, the default on Debian/Ubuntu since
 * rsyslog 8.2x and on many hardened configs): `2024-01-02T03:04:05.123456+00:00 host kernel: msg`,
 * possibly with the inner printk stamp and `#012` escapes as in RFC 3164 files. Also reads
 * `journalctl -o short-iso-precise`.
 */
import { statelessDecoder, type EnvelopeFormat } from "./envelope-fields.js";
import { makeIsoStampParser } from "./iso-stamp-syslog.js";
import { readCommonIsoStampLine } from "./common-syslog-line.js";

export const SYSLOG_ISO_STAMP = /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+(?:Z|[+-]\d{2}:?\d{2})) /;
/** The common line is read by hand (common-syslog-line.ts), the rest by the grammar. */
export const parseSyslogIsoLine = makeIsoStampParser("SyslogIso", SYSLOG_ISO_STAMP, true, readCommonIsoStampLine);

export const syslogIso: EnvelopeFormat = {
  name: "syslog-iso",
  description: "rsyslog high-precision: 2024-01-02T03:04:05.123456+00:00 host ident: message",
  matches: (line) => parseSyslogIsoLine(line) !== null,
  createDecoder: () => statelessDecoder(parseSyslogIsoLine),
  structured: false,
  samples: [
    {
      line: "2026-11-27T04:07:38.298412+00:00 vm kernel: [25412.984066] Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0",
      from: "samples/this-machine/rsyslog/kern-precise.log line 901 (real rsyslog RSYSLOG_FileFormat)",
      expect: { host: "vm", ident: "kernel", uptime: 25412.984066, wall: Date.UTC(2026, 10, 27, 4, 7, 38) + 298.412, message: "Memory cgroup out of memory: Killed process 28070 (python3) total-vm:58712kB, anon-rss:48896kB, file-rss:6636kB, shmem-rss:0kB, UID:0 pgtables:160kB oom_score_adj:0" },
    },
  ],
};
