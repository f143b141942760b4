/**
 * pprof's unit scaling (`internal/measurement`): memory values print in binary multiples
 * named kB/MB/GB ("MB" is MiB: 81531398 B → "77.75MB"); counts print bare.
 * Time units are not scaled here (heap profiles have none): they print as raw numbers with their unit.
 */
import { goFixed } from "./go-format.js";

interface Unit {
  name: string;
  factor: number;
}

const MEMORY_UNITS: Unit[] = [
  { name: "B", factor: 1 },
  { name: "kB", factor: 1024 },
  { name: "MB", factor: 1024 ** 2 },
  { name: "GB", factor: 1024 ** 3 },
  { name: "TB", factor: 1024 ** 4 },
  { name: "PB", factor: 1024 ** 5 },
];

/** Aliases pprof accepts for a memory sample unit, lower-cased with a plural "s" removed. */
const MEMORY_FROM: Record<string, number> = {
  b: 1, byte: 1,
  kb: 1024, kbyte: 1024, kilobyte: 1024,
  mb: 1024 ** 2, mbyte: 1024 ** 2, megabyte: 1024 ** 2,
  gb: 1024 ** 3, gbyte: 1024 ** 3, gigabyte: 1024 ** 3,
  tb: 1024 ** 4, tbyte: 1024 ** 4, terabyte: 1024 ** 4,
  pb: 1024 ** 5, pbyte: 1024 ** 5, petabyte: 1024 ** 5,
};

function memoryFactor(unit: string): number | null {
  let u = unit.toLowerCase();
  if (u.length > 2) u = u.replace(/s$/, "");
  return MEMORY_FROM[u] ?? null;
}

export function isMemoryUnit(unit: string): boolean {
  return memoryFactor(unit) !== null;
}

/** Units pprof prints as bare numbers. */
const SILENT_UNITS = new Set(["count", "sample", "unit", "minimum", "auto", ""]);

/**
 * The unit pprof picks for a value with toUnit "minimum": the largest memory unit the value
 * reaches (≥ 1 of it), or "" for non-memory units.
 */
export function autoUnit(value: number, sampleUnit: string): string {
  const from = memoryFactor(sampleUnit);
  if (from === null) return "";
  const v = Math.abs(value) * from;
  let best = "";
  for (const u of MEMORY_UNITS) if (v / u.factor >= 1) best = u.name;
  return best === "" ? "B" : best;
}

/**
 * pprof `selectOutputUnit`: the unit of the smallest non-zero node value, unless the total is in a
 * bigger unit and 100× the minimum reaches it (values may then print down to 0.01 of the unit).
 */
export function selectOutputUnit(nodeMinimum: number, total: number, sampleUnit: string): string {
  let minValue = nodeMinimum;
  const maxValue = total;
  if (minValue === 0) minValue = maxValue;
  const minUnit = autoUnit(minValue, sampleUnit);
  const maxUnit = autoUnit(maxValue, sampleUnit);
  let unit = minUnit;
  if (minUnit !== maxUnit && minValue * 100 < maxValue) unit = autoUnit(100 * minValue, sampleUnit);
  return unit !== "" ? unit : sampleUnit;
}

/** pprof `measurement.ScaledLabel`: `%.2f` without a ".00" tail, "0" for zero, then the unit. */
export function scaledLabel(value: number, sampleUnit: string, outputUnit: string): string {
  let scaled = value;
  let unit: string;
  const from = memoryFactor(sampleUnit);
  const to = MEMORY_UNITS.find((u) => u.name === outputUnit);
  if (from !== null && to) {
    scaled = (Math.abs(value) * from) / to.factor;
    if (value < 0) scaled = -scaled;
    unit = to.name;
  } else {
    unit = SILENT_UNITS.has(outputUnit) ? "" : outputUnit;
  }
  let text = goFixed(scaled, 2);
  if (text.endsWith(".00")) text = text.slice(0, -3);
  if (text === "0" || text === "-0") return "0";
  return text + unit;
}
