import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../bin/oomsleuth.js", import.meta.url));
export const SAMPLES = fileURLToPath(new URL("../../samples/", import.meta.url));

/** Runs the built CLI the way a user does (npm test builds first). */
export function runCli(args: string[], input?: string | Buffer, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: "utf8", maxBuffer: 256 << 20, timeout: 120_000, env: { ...process.env, NO_COLOR: "1", ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
