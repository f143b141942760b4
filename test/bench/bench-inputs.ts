/**
 * Deterministic bench inputs: a realistic RFC 3164 syslog mix with real OOM reports (taken at run time from
 * test/fixtures/oom and test/fixtures/envelope) embedded every ~8 MB, its gzip, a directory of 8 gzip'd rotated
 * files, text made only of OOM reports, and a 100 KB dmesg. Everything is derived from a seeded PRNG, so two
 * runs with the same --size write the same bytes.
 */
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createGzip } from "node:zlib";
import { pipeline } from "node:stream/promises";
import { createReadStream } from "node:fs";

/** One OOM report as kernel messages (no envelope), from the header to its `Killed process` (and reaper) line. */
export interface OomReport {
  from: string;
  messages: string[];
}

export interface BenchInputs {
  plain: string;
  gzip: string;
  rotatedDir: string;
  oomOnly: string;
  dmesg: string;
  /** Kills embedded in each input (one per report). */
  kills: { plain: number; oomOnly: number; dmesg: number };
  bytes: { plain: number; oomOnly: number; dmesg: number };
}

const MiB = 1 << 20;

/** mulberry32: a tiny seeded PRNG, so the inputs are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Strips the envelope of a fixture line (dmesg `[stamp] `, syslog `… kernel: [uptime] `) down to the kernel message. */
function kernelMessage(line: string): string {
  let m = line;
  const k = m.indexOf(" kernel: ");
  if (k >= 0 && k < 60) m = m.slice(k + " kernel: ".length);
  // An uptime stamp `[ 12.345678]` or a dmesg -T stamp `[Tue Nov 26 …]` — not a task row's `[ 2376]`.
  const stamp = /^\[(\s*\d+\.\d+|\p{L}[^\]]{0,40})\] ?/u.exec(m);
  if (stamp) m = m.slice(stamp[0].length);
  return m.replace(/\r$/, "");
}

/** Every complete report (header … Killed process [+ oom_reaper]) of the fixture logs. */
export function loadReports(root: string): OomReport[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(path.join(root, "test/fixtures/oom"));
  for (const name of ["oomanalyser-proxmox.log", "parseoom-messages", "out-of-memory-messages.1"]) files.push(path.join(root, "test/fixtures/envelope", name));
  const reports: OomReport[] = [];
  for (const file of files) {
    if (statSync(file).size > 1 * MiB) continue; // the 3.8 MB messages file holds mostly rate-limit noise
    const lines = readFileSync(file, "latin1").split("\n").map(kernelMessage);
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].includes(" invoked oom-killer")) continue;
      const end = lines.findIndex((l, j) => j > i && l.includes("Killed process"));
      if (end < 0 || end - i > 400) continue;
      if (lines.slice(i + 1, end).some((l) => l.includes(" invoked oom-killer"))) continue;
      const stop = lines[end + 1]?.startsWith("oom_reaper:") ? end + 2 : end + 1;
      reports.push({ from: path.relative(root, file), messages: lines.slice(i, stop) });
      i = stop - 1;
    }
  }
  return reports;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const HOSTS = ["web-01"];

/** Filler lines as daemons really print them (no trigger strings among them). */
function fillerLine(r: () => number, pid: (n: number) => number): string {
  const ip = () => `10.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`;
  const n = Math.floor(r() * 16);
  switch (n) {
    case 0: return `sshd[${pid(0)}]: Accepted publickey for deploy from ${ip()} port ${40000 + Math.floor(r() * 20000)} ssh2: ED25519 SHA256:${Math.floor(r() * 1e12).toString(36)}`;
    case 1: return `sshd[${pid(0)}]: pam_unix(sshd:session): session opened for user deploy(uid=1000) by (uid=0)`;
    case 2: return `CRON[${pid(1)}]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)`;
    case 3: return `systemd[1]: Started session-${Math.floor(r() * 9000)}.scope - Session ${Math.floor(r() * 9000)} of User deploy.`;
    case 4: return `systemd[1]: logrotate.service: Deactivated successfully.`;
    case 5: return `kernel: [${(r() * 1e6).toFixed(6)}] IPv6: ADDRCONF(NETDEV_CHANGE): veth${Math.floor(r() * 1e6).toString(16)}: link becomes ready`;
    case 6: return `kernel: [${(r() * 1e6).toFixed(6)}] [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56 SRC=${ip()} DST=${ip()} LEN=40 TOS=0x00 PREC=0x00 TTL=244 ID=54321 PROTO=TCP SPT=${Math.floor(r() * 65535)} DPT=22 WINDOW=65535 RES=0x00 SYN URGP=0`;
    case 7: return `dockerd[${pid(2)}]: time="2024-11-27T10:11:12.${Math.floor(r() * 1e9)}Z" level=info msg="ignoring event" container=${Math.floor(r() * 1e15).toString(16)} module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"`;
    case 8: return `containerd[${pid(3)}]: time="2024-11-27T10:11:12Z" level=info msg="shim disconnected" id=${Math.floor(r() * 1e15).toString(16)}`;
    case 9: return `postfix/smtpd[${pid(4)}]: connect from unknown[${ip()}]`;
    case 10: return `nginx[${pid(5)}]: ${ip()} - - "GET /api/v1/items?page=${Math.floor(r() * 100)} HTTP/1.1" 200 ${Math.floor(r() * 50000)} "-" "Mozilla/5.0"`;
    case 11: return `kernel: [${(r() * 1e6).toFixed(6)}] EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none.`;
    case 12: return `systemd-journald[${pid(6)}]: Data hash table of /var/log/journal/system.journal has a fill level at 75.0 (8533 of 11377 items), suggesting rotation.`;
    case 13: return `rsyslogd: [origin software="rsyslogd" swVersion="8.2102.0" x-pid="${pid(7)}"] rsyslogd was HUPed`;
    case 14: return `kubelet[${pid(8)}]: I1127 10:11:12.345678 ${pid(8)} kubelet_volumes.go:160] "Cleaned up orphaned pod volumes dir" podUID=${Math.floor(r() * 1e15).toString(16)}`;
    default: return `dhclient[${pid(9)}]: DHCPACK of ${ip()} from ${ip()} (xid=0x${Math.floor(r() * 1e9).toString(16)})`;
  }
}

function stamp(t: number): string {
  const d = new Date(Date.UTC(2024, 10, 1) + t * 1000);
  const day = String(d.getUTCDate()).padStart(2, " ");
  const hms = d.toISOString().slice(11, 19);
  return `${MONTHS[d.getUTCMonth()]} ${day} ${hms}`;
}

/** Writes `bytes` of syslog with a report every `every` bytes; returns the number embedded. */
async function writeSyslog(file: string, bytes: number, every: number, reports: OomReport[], seed: number, startSeconds = 0): Promise<number> {
  const r = prng(seed);
  const pids = Array.from({ length: 10 }, () => 300 + Math.floor(r() * 30000));
  const pid = (n: number) => pids[n];
  const out = createWriteStream(file);
  let written = 0;
  let nextReport = Math.min(every, bytes) / 2;
  let embedded = 0;
  let t = startSeconds;
  let uptime = 1000 + startSeconds;
  let parts: string[] = [];
  let partBytes = 0;
  const flush = async () => {
    if (!out.write(parts.join(""))) await new Promise<void>((res) => out.once("drain", () => res()));
    parts = [];
    partBytes = 0;
  };
  while (written < bytes) {
    t += r() * 0.05;
    let line: string;
    if (written >= nextReport) {
      const rep = reports[embedded % reports.length];
      uptime += 600 + r() * 600;
      const head = `${stamp(t)} ${HOSTS[0]} kernel: `;
      line = rep.messages.map((m, i) => `${head}[${(uptime + i * 0.000013).toFixed(6)}] ${m}\n`).join("");
      embedded++;
      nextReport += every;
    } else {
      line = `${stamp(t)} ${HOSTS[0]} ${fillerLine(r, pid)}\n`;
    }
    parts.push(line);
    partBytes += line.length;
    written += line.length;
    if (partBytes > MiB) await flush();
  }
  await flush();
  await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
  return embedded;
}

async function gzipFile(from: string, to: string): Promise<void> {
  await pipeline(createReadStream(from), createGzip({ level: 6 }), createWriteStream(to));
}

/** Generates (or reuses, when the manifest matches) every input under `outDir`. */
export async function makeInputs(root: string, outDir: string, sizeMiB: number, log: (s: string) => void): Promise<BenchInputs> {
  const dir = path.join(outDir, "inputs");
  const manifestPath = path.join(dir, "manifest.json");
  const reports = loadReports(root);
  const key = JSON.stringify({ sizeMiB, reports: reports.map((r) => [r.from, r.messages.length]), version: 3 });
  if (existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, "utf8"));
    if (m.key === key) return m.inputs as BenchInputs;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "rotated"), { recursive: true });
  const every = 8 * MiB; // one report every ~8 MB whatever the size
  log(`generating ${sizeMiB} MiB syslog with ${reports.length} distinct real reports…`);
  const plain = path.join(dir, "syslog");
  const plainKills = await writeSyslog(plain, sizeMiB * MiB, every, reports, 1);
  log("gzip…");
  await gzipFile(plain, `${plain}.gz`);
  const rotated: number[] = [];
  for (let i = 0; i < 8; i++) {
    const f = path.join(dir, "rotated", `syslog.${i + 1}`);
    // Rotated files cover successive weeks (syslog.8 the oldest): the same kill in two of them would be one kill.
    rotated.push(await writeSyslog(f, (sizeMiB * MiB) / 8, every, reports.slice(i % reports.length).concat(reports), 100 + i, (7 - i) * 7 * 86400));
    await gzipFile(f, `${f}.gz`);
    rmSync(f);
  }
  const oomOnly = path.join(dir, "oom-only.log");
  const oomBytes = Math.max(4, Math.round(sizeMiB / 16)) * MiB;
  const oomKills = await writeSyslog(oomOnly, oomBytes, 1, reports, 7);
  const dmesg = path.join(dir, "dmesg.txt");
  const dmesgKills = writeDmesg(dmesg, reports);
  const inputs: BenchInputs = {
    plain,
    gzip: `${plain}.gz`,
    rotatedDir: path.join(dir, "rotated"),
    oomOnly,
    dmesg,
    kills: { plain: plainKills, oomOnly: oomKills, dmesg: dmesgKills },
    bytes: { plain: statSync(plain).size, oomOnly: statSync(oomOnly).size, dmesg: statSync(dmesg).size },
  };
  (inputs as BenchInputs & { rotatedKills: number }).rotatedKills = rotated.reduce((a, b) => a + b, 0);
  writeFileSync(manifestPath, JSON.stringify({ key, inputs }, null, 2));
  return inputs;
}

/** ~100 KB of `dmesg` output: boot-like kernel lines and two reports. */
function writeDmesg(file: string, reports: OomReport[]): number {
  const r = prng(42);
  const lines: string[] = [];
  let uptime = 0;
  let size = 0;
  let kills = 0;
  const kernelLines = [
    "ACPI: PCI Interrupt Link [LNKA] enabled at IRQ 11",
    "EXT4-fs (vda1): re-mounted. Opts: errors=remount-ro. Quota mode: none.",
    "systemd[1]: Started Journal Service.",
    "audit: type=1400 audit(1700000000.123:42): apparmor=\"STATUS\" operation=\"profile_load\" profile=\"unconfined\" name=\"/usr/bin/man\" pid=612 comm=\"apparmor_parser\"",
    "IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready",
    "virtio_net virtio0 eth0: renamed from veth12ab34",
  ];
  while (size < 100 * 1024) {
    uptime += r() * 3;
    const chunk = size > 30 * 1024 && kills < 2 && r() < 0.01 ? reports[kills * 3 % reports.length].messages : [kernelLines[Math.floor(r() * kernelLines.length)]];
    if (chunk.length > 1) kills++;
    for (const m of chunk) {
      const l = `[${uptime.toFixed(6).padStart(12, " ")}] ${m}\n`;
      lines.push(l);
      size += l.length;
    }
  }
  writeFileSync(file, lines.join(""));
  return kills;
}

/**
 * Text made only of OOM reports, `sizeMiB` of it: every report a distinct kill, for what memory each distinct kill
 * costs (`parse` and `report` keep a little for each). Made once into inputs/kill-dense.log, with its own manifest so
 * that it does not depend on, or invalidate, the other inputs.
 */
export async function makeKillDense(root: string, outDir: string, sizeMiB: number, log: (s: string) => void): Promise<{ path: string; kills: number; bytes: number }> {
  const dir = path.join(outDir, "inputs");
  const file = path.join(dir, "kill-dense.log");
  const manifestPath = path.join(dir, "kill-dense.json");
  const reports = loadReports(root);
  const key = JSON.stringify({ sizeMiB, reports: reports.map((r) => [r.from, r.messages.length]), version: 1 });
  if (existsSync(manifestPath) && existsSync(file)) {
    const m = JSON.parse(readFileSync(manifestPath, "utf8"));
    if (m.key === key) return m.input;
  }
  mkdirSync(dir, { recursive: true });
  log(`generating ${sizeMiB} MiB of OOM reports…`);
  const kills = await writeSyslog(file, sizeMiB * MiB, 1, reports, 11);
  const input = { path: file, kills, bytes: statSync(file).size };
  writeFileSync(manifestPath, JSON.stringify({ key, input }, null, 2));
  return input;
}
