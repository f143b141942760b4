/**
 * readSnapshot(path): recognise a heap snapshot by content and read what we can use.
 * - null: the file is not a heap snapshot (any other file: logs, binaries, gzip'd logs);
 * - throws SnapshotReadError: it is one, but damaged, unsupported or unreadable.
 * V8 and HPROF dumps are read for their header only: they are tens to hundreds of MB.
 */
import { createReadStream } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { createGunzip, gunzipSync } from "node:zlib";
import { parseGoHeapText } from "./go-heap-text.js";
import { parseHprofHeader } from "./hprof-header.js";
import { parseHprofFileName, parsePprofSavedFileName, parseV8FileName } from "./file-name.js";
import { decodePprof } from "./pprof-decode.js";
import { sniff, SNIFF_BYTES, type SniffedKind } from "./sniff.js";
import { SnapshotReadError, type Snapshot } from "./snapshot.js";
import { parseV8Header } from "./v8-header.js";

/** Enough of a V8 snapshot to hold `meta` and the node/edge counts (~1.2 KB in Node 20). */
const V8_HEAD_BYTES = 16 * 1024;
/** Refuse to inflate more than this: a real heap profile is KBs to a few MBs. */
const MAX_PROFILE_BYTES = 512 * 1024 * 1024;

async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The first `want` bytes of a gzip file's content, inflating only that much. */
function gunzipHead(path: string, want: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let settled = false;
    const source = createReadStream(path);
    const gunzip = createGunzip();
    const done = (): void => {
      if (settled) return;
      settled = true;
      source.destroy();
      gunzip.destroy();
      resolve(Buffer.concat(chunks));
    };
    gunzip.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= want) done();
    });
    gunzip.on("end", done);
    gunzip.on("error", done);
    source.on("error", done);
    source.pipe(gunzip);
  });
}

function isoFromMs(ms: number): string | null {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString() : null;
}

function emptySnapshot(path: string, sizeBytes: number, mtimeMs: number): Omit<Snapshot, "format"> {
  return {
    path,
    time: null,
    timeSource: null,
    binary: null,
    pid: null,
    sampleTypes: [],
    defaultSampleType: null,
    period: null,
    periodType: null,
    sizeBytes,
    mtime: isoFromMs(mtimeMs),
    notes: [],
    details: {},
    profile: null,
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function readSnapshot(path: string): Promise<Snapshot | null> {
  let size: number;
  let mtimeMs: number;
  let head: Buffer;
  try {
    const info = await stat(path);
    if (!info.isFile()) return null;
    size = info.size;
    mtimeMs = info.mtimeMs;
    head = await readHead(path, V8_HEAD_BYTES);
  } catch (error) {
    throw new SnapshotReadError(path, "unreadable", `cannot read ${path}: ${message(error)}`, { cause: error });
  }

  let kind: SniffedKind | null = sniff(head);
  let compressed = false;
  let inner = head;
  if (kind === "gzip") {
    inner = await gunzipHead(path, SNIFF_BYTES);
    kind = sniff(inner);
    compressed = true;
    if (kind === "gzip") return null;
  }
  if (kind === null) return null;
  const base = emptySnapshot(path, size, mtimeMs);
  const name = basename(path);

  switch (kind) {
    case "go-heapdump":
      throw new SnapshotReadError(
        path,
        "unsupported",
        `${path}: Go runtime/debug.WriteHeapDump file ("go1.7 heap dump"): not supported (go tool pprof cannot read it either)`,
      );

    case "pprof": {
      let bytes: Buffer;
      try {
        const raw = await readFile(path);
        bytes = compressed ? gunzipSync(raw, { maxOutputLength: MAX_PROFILE_BYTES }) : raw;
      } catch (error) {
        throw new SnapshotReadError(path, "damaged", `${path}: damaged gzip'd pprof profile: ${message(error)}`, { cause: error });
      }
      let profile;
      try {
        profile = decodePprof(bytes);
      } catch (error) {
        throw new SnapshotReadError(path, "damaged", `${path}: damaged pprof profile: ${message(error)}`, { cause: error });
      }
      if (profile.sampleTypes.length === 0) {
        throw new SnapshotReadError(path, "damaged", `${path}: pprof profile without sample types`);
      }
      const ms = profile.timeNanos !== null ? Number(profile.timeNanos / 1_000_000n) : null;
      const time = ms !== null ? isoFromMs(ms) : null;
      return {
        ...base,
        format: "pprof",
        time,
        timeSource: time !== null ? "pprof-time-nanos" : null,
        binary: profile.mainBinary ?? parsePprofSavedFileName(name)?.binary ?? null,
        sampleTypes: profile.sampleTypes,
        defaultSampleType: profile.defaultSampleType,
        period: profile.period,
        periodType: profile.periodType,
        details: { samples: profile.samples.length, ...(compressed ? {} : { compression: "none" }) },
        profile,
      };
    }

    case "go-heap-text": {
      let text: string;
      try {
        const raw = await readFile(path);
        text = (compressed ? gunzipSync(raw, { maxOutputLength: MAX_PROFILE_BYTES }) : raw).toString("utf8");
      } catch (error) {
        throw new SnapshotReadError(path, "damaged", `${path}: unreadable Go heap profile text: ${message(error)}`, { cause: error });
      }
      let parsed;
      try {
        parsed = parseGoHeapText(text);
      } catch (error) {
        throw new SnapshotReadError(path, "damaged", `${path}: damaged Go heap profile text: ${message(error)}`, { cause: error });
      }
      const details: Record<string, number> = { samples: parsed.profile.samples.length };
      for (const key of ["Alloc", "HeapAlloc", "HeapInuse", "Sys", "NumGC"]) {
        if (parsed.memStats[key] !== undefined) details[`memStats.${key}`] = parsed.memStats[key];
      }
      return {
        ...base,
        format: "go-heap-text",
        sampleTypes: parsed.profile.sampleTypes,
        period: parsed.profile.period,
        periodType: parsed.profile.periodType,
        notes: [
          "Go ?debug=1 text: counts are unsampled and were scaled as pprof does; the form carries no time, binary or inlining",
        ],
        details,
        profile: parsed.profile,
      };
    }

    case "v8": {
      const header = parseV8Header(inner.toString("utf8"));
      const fromName = parseV8FileName(name);
      const notes = ["V8 heap snapshot: metadata only (the file is not parsed)"];
      let time: string | null = null;
      if (fromName) {
        time = isoFromMs(Date.parse(`${fromName.localTime}Z`));
        notes.push("time comes from the file name, which Node writes in local time without a zone: read as UTC");
      }
      const details: Record<string, number | string> = {};
      if (header.nodeCount !== null) details.nodeCount = header.nodeCount;
      if (header.edgeCount !== null) details.edgeCount = header.edgeCount;
      return {
        ...base,
        format: "v8",
        time,
        timeSource: time !== null ? "file-name-local-as-utc" : null,
        binary: "node",
        pid: fromName?.pid ?? null,
        notes,
        details,
      };
    }

    case "hprof": {
      const header = parseHprofHeader(inner);
      if (!header) throw new SnapshotReadError(path, "damaged", `${path}: HPROF header is truncated`);
      const time = isoFromMs(header.epochMs);
      return {
        ...base,
        format: "hprof",
        time,
        timeSource: time !== null ? "hprof-header" : null,
        binary: "java",
        pid: parseHprofFileName(name)?.pid ?? null,
        notes: ["Java HPROF dump: metadata only (the file is not parsed)"],
        details: { version: header.version, identifierSize: header.identifierSize, ...(compressed ? { compression: "gzip" } : {}) },
      };
    }

    default:
      return null;
  }
}
