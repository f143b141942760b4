import { EXIT } from "./exit-codes.js";
import { capOldGenerationGrowth } from "./old-generation.js";
import { capYoungGeneration } from "./young-generation.js";

/** The streams a command writes to, injectable for tests. */
export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export function processIo(): CommandIo {
  capYoungGeneration();
  capOldGenerationGrowth();
  // `oomsleuth parse --json | head`: once the reader has gone, nothing more can be written and nothing is wrong;
  // the run ends there, quietly, with exit 0 (Node would otherwise die on an unhandled EPIPE with a stack trace).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") process.exit(EXIT.OK);
      throw err;
    });
  }
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** Colour only on a terminal, and never with NO_COLOR (https://no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && !("NO_COLOR" in env && env.NO_COLOR !== "") && env.TERM !== "dumb";
}
