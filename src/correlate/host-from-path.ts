/**
 * The host a log file belongs to when logs were collected per host into directories
 * (`web-1/kern.log.2.gz`, `db-3/var/log/messages-20240101`, `web-2/logs/syslog.1`): the directory
 * above the file, skipping at most two generic log directories (`var/log`, `logs`). Only files with
 * a system-log name count (kern.log, syslog, messages, daemon.log, dmesg, with rotation suffixes), so
 * `test/fixtures/dmesg.txt` does not turn "fixtures" into a host. Null when the path says nothing.
 */
const GENERIC_DIRS = new Set(["var", "log", "logs", "kernel", "syslog", "journal"]);
const HOSTNAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}(?:\.[A-Za-z0-9-]{1,63})*$/;
const SYSTEM_LOG = /^(?:kern\.log|syslog|messages|daemon\.log|dmesg)(?:[.-]\d[\w.-]*|\.old|\.gz)*$/;

export function hostFromPath(path: string): string | null {
  if (typeof path !== "string" || path === "-" || path === "") return null;
  const parts = path.split(/[\\/]+/);
  const file = parts.pop() ?? "";
  if (!SYSTEM_LOG.test(file)) return null;
  let skipped = 0;
  for (let i = parts.length - 1; i >= 0; i--) {
    const dir = parts[i];
    if (GENERIC_DIRS.has(dir.toLowerCase()) && skipped < 2) {
      skipped++;
      continue;
    }
    return dir !== "" && dir !== "." && dir !== ".." && HOSTNAME.test(dir) && !/^\d+$/.test(dir) ? dir : null;
  }
  return null;
}
