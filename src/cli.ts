import { Command, CommanderError, Option } from "commander";
import { readFileSync } from "node:fs";
import { EXIT } from "./cli/exit-codes.js";
import { processIo, type CommandIo } from "./cli/io.js";

const VERSION: string = readVersion();

/** The package version, from package.json two levels up (dist/src/) or one (src/, under the test runner). */
function readVersion(): string {
  for (const rel of ["../../package.json", "../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8"));
      if (pkg.name === "oomsleuth") return pkg.version;
    } catch {
      // not at this level
    }
  }
  return "unknown";
}

/** Options shared by the commands that read logs. */
export interface InputOptions {
  format?: string;
  include?: string[];
  exclude?: string[];
  bootTime?: string;
  progress: boolean;
  failOnOom?: boolean;
  jobs?: number;
}

const EXAMPLES = `
Examples:
  dmesg | oomsleuth                         what was OOM-killed on this machine, grouped
  oomsleuth /var/log                        every rotated syslog (plain and .gz) under /var/log
  oomsleuth parse --json kern.log.2.gz      every OOM event as JSON (schema oomsleuth/events@1)
  journalctl -k -o json | oomsleuth parse   a journal export on stdin
  oomsleuth report --markdown logs/ > ticket.md
  oomsleuth report --heap ./heap logs/      link kills to the heap snapshots taken before them
  oomsleuth heap heap.3.pprof               like \`go tool pprof -top heap.3.pprof\`

Exit codes: 0 done (kills found or not), 2 usage error or an unreadable input,
            3 with --fail-on-oom when a kill was found, 1 a bug in oomsleuth.`;

function addInputOptions(cmd: Command): Command {
  return cmd
    .argument("[inputs...]", "files, directories (recursive) or - for stdin; stdin when none is given and it is a pipe")
    .addOption(new Option("--format <name>", "force the log envelope instead of detecting it per input"))
    .option("--include <glob>", "in directories, scan only files matching this glob (repeatable)", collect, [])
    .option("--exclude <glob>", "in directories, skip files matching this glob (repeatable)", collect, [])
    .option("--boot-time <iso>", "wall time of boot, to date raw dmesg uptimes (e.g. from `uptime -s`)")
    .option("--jobs <n>", "scan n files at once on worker threads (~50 MiB each; default: one file per core, two to four, in this thread, their gzip on zlib's threads, bounded memory; 1: strictly one by one)", (v) => Number.parseInt(v, 10))
    .option("--no-progress", "never show progress on stderr (it is shown only when stderr is a terminal)")
    .option("--fail-on-oom", "exit 3 when any kill was found (for scripts and CI gates)");
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function buildProgram(io: CommandIo, setExit: (code: number) => void): Command {
  const program = new Command("oomsleuth")
    .description("OOM-killer forensics: every OOM kill in dmesg, syslog and journal logs — who died, how often, why.")
    .version(VERSION, "-V, --version")
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError("(run with --help for usage and examples)")
    .addHelpText("after", EXAMPLES)
    .exitOverride();

  addInputOptions(
    program
      .command("report", { isDefault: true })
      .description("frequency report: recurring OOM kills grouped by workload (the default command)"),
  )
    .option("--json", "print the report as JSON (schema oomsleuth/report@1)")
    .option("--markdown", "print a Markdown ticket body")
    .option("--heap <dir>", "a directory of heap snapshots to link to the kills (repeatable)", collect, [])
    .option("--since <when>", "only kills at or after this time (ISO date, or relative: 7d, 12h, 30m)")
    .option("--until <when>", "only kills before this time (ISO date, or relative)")
    .option("--killer <name>", "only kills by this killer (kernel, systemd-oomd, earlyoom, lowmemorykiller)")
    .option("--events <files...>", "merge NDJSON event streams written by `oomsleuth parse --ndjson` on each host (- for stdin)")
    .addHelpText("after", EXAMPLES)
    .action(async (inputs: string[], opts) => {
      const { runReport } = await import("./commands/report.js");
      setExit(await runReport(inputs, opts, io));
    });

  addInputOptions(program.command("parse").description("every OOM event, in detail (text, --json or --ndjson)"))
    .option("--json", "print one JSON document (schema oomsleuth/events@1)")
    .option("--ndjson", "print one JSON event per line as soon as it is found (for streaming: journalctl -kf | …)")
    .addHelpText("after", EXAMPLES)
    .action(async (inputs: string[], opts) => {
      const { runParse } = await import("./commands/parse.js");
      setExit(await runParse(inputs, opts, io));
    });

  program
    .command("heap")
    .description("top functions of heap snapshots, like `go tool pprof -top` (pprof, .pb.gz, Go debug=1 text)")
    .argument("<snapshots...>", "heap snapshot files")
    .option("--diff <base>", "show the growth from BASE to each snapshot (like -diff_base)")
    .option("--sample-index <name>", "sample type: inuse_space (default for Go heaps), alloc_space, inuse_objects, alloc_objects")
    .option("--node-fraction <f>", "hide functions whose cum is at most this share of the total (pprof's 0.005)", parseFloat)
    .option("--json", "print JSON (schema oomsleuth/heap@1)")
    .action(async (paths: string[], opts) => {
      const { runHeap } = await import("./commands/heap.js");
      setExit(await runHeap(paths, { diff: opts.diff, sampleIndex: opts.sampleIndex, json: opts.json, nodeFraction: opts.nodeFraction }, io));
    });

  return program;
}

/** Runs the CLI and returns the exit code. Never throws: a bug becomes exit 1 with a short message. */
export async function main(argv: string[], io: CommandIo = processIo()): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildProgram(io, (c) => { code = c; });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return EXIT.OK;
      return EXIT.USAGE_OR_INPUT;
    }
    const e = err as Error;
    io.stderr.write(
      `oomsleuth ${VERSION}: internal error: ${e?.message ?? String(err)}\n` +
        `This is a bug in oomsleuth. Please report it with the command line and, if you can, the input that caused it.\n`,
    );
    if (io.env.OOMSLEUTH_DEBUG) io.stderr.write(`${e?.stack ?? ""}\n`);
    return EXIT.INTERNAL;
  }
}
