import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listInputs } from "../../src/sources/input-list.js";

function tree(): string {
  const root = mkdtempSync(path.join(tmpdir(), "oomsleuth-list-"));
  mkdirSync(path.join(root, "web-1"));
  mkdirSync(path.join(root, "web-2"));
  writeFileSync(path.join(root, "web-1", "kern.log"), "x\n");
  writeFileSync(path.join(root, "web-1", "kern.log.2.gz"), "x\n");
  writeFileSync(path.join(root, "web-2", ".hidden.log"), "x\n");
  writeFileSync(path.join(root, "web-2", "messages"), "x\n");
  symlinkSync(root, path.join(root, "web-2", "loop"));
  symlinkSync(path.join(root, "web-1", "kern.log"), path.join(root, "web-2", "kern.log"));
  symlinkSync("/etc/hostname", path.join(root, "web-2", "outside"));
  return root;
}

describe("listInputs", () => {
  it("walks a directory recursively, hidden files included, without following loops or leaving the tree", async () => {
    const root = tree();
    const { inputs, warnings } = await listInputs([root]);
    expect(warnings).toEqual([]);
    expect(inputs.map((i) => path.relative(root, i.path))).toEqual([
      "web-1/kern.log",
      "web-1/kern.log.2.gz",
      "web-2/.hidden.log",
      "web-2/messages",
    ]);
    expect(inputs.every((i) => i.fromDirectory && i.mtime instanceof Date)).toBe(true);
  });

  it("applies --include and --exclude globs", async () => {
    const root = tree();
    const inc = await listInputs([root], { include: ["**/kern.log*"] });
    expect(inc.inputs.map((i) => path.basename(i.path))).toEqual(["kern.log", "kern.log.2.gz"]);
    const exc = await listInputs([root], { exclude: ["**/*.gz", "**/.*"] });
    expect(exc.inputs.map((i) => path.relative(root, i.path))).toEqual(["web-1/kern.log", "web-2/messages"]);
  });

  it("keeps named inputs in order, stdin as -, and warns about missing ones", async () => {
    const root = tree();
    const { inputs, warnings } = await listInputs([path.join(root, "web-2/messages"), "-", path.join(root, "missing")]);
    expect(inputs.map((i) => i.kind)).toEqual(["file", "stdin"]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ path: path.join(root, "missing"), unreadable: true });
    expect(warnings[0].message).toMatch(/no such file/);
  });
});
