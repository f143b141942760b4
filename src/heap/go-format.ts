/**
 * Go's fmt number formatting, as `go tool pprof` uses it: `%.2f` and `%.2g` round the exact
 * binary value half-to-even (JS toFixed rounds ties up, which differs on values such as
 * 1.125 MiB = 1179648 B, exactly representable). Only what pprof's text report needs.
 */

interface Decimal {
  /** Significant digits, no leading or trailing zeros ("" for zero). */
  digits: string;
  /** Position of the decimal point relative to the first digit (value = 0.digits × 10^dp). */
  dp: number;
}

/** The exact decimal expansion of a finite non-negative double (to 100 places, far past what we round to). */
function exactDecimal(a: number): Decimal {
  // toFixed is exact up to 100 fraction digits; above 1e21 it switches to exponent form.
  const text = a >= 1e21 ? BigInt(a).toString() : a.toFixed(100);
  const [intPart, fracPart = ""] = text.split(".");
  const all = intPart + fracPart;
  let start = 0;
  while (start < all.length && all[start] === "0") start++;
  let end = all.length;
  while (end > start && all[end - 1] === "0") end--;
  return { digits: all.slice(start, end), dp: intPart.length - start };
}

/** Keep `nd` significant digits, rounding half to even like Go's strconv (decimal.go shouldRoundUp). */
function roundDecimal(d: Decimal, nd: number): Decimal {
  if (nd < 0) return { digits: "", dp: 0 };
  if (nd >= d.digits.length) return d;
  const next = d.digits.charCodeAt(nd) - 48;
  let up: boolean;
  if (next === 5 && nd + 1 === d.digits.length) {
    up = nd > 0 && (d.digits.charCodeAt(nd - 1) - 48) % 2 === 1;
  } else {
    up = next >= 5;
  }
  let kept = d.digits.slice(0, nd);
  let dp = d.dp;
  if (up) {
    let i = kept.length - 1;
    const chars = kept.split("");
    while (i >= 0 && chars[i] === "9") {
      chars[i] = "0";
      i--;
    }
    if (i < 0) {
      chars.unshift("1");
      dp++;
    } else {
      chars[i] = String.fromCharCode(chars[i].charCodeAt(0) + 1);
    }
    kept = chars.join("");
  }
  kept = kept.replace(/0+$/, "");
  return kept === "" ? { digits: "", dp: 0 } : { digits: kept, dp };
}

/** Digits of d printed with exactly `decimals` fraction digits (d already rounded). */
function fixedDigits(d: Decimal, decimals: number): string {
  const digitAt = (i: number): string => (i >= 0 && i < d.digits.length ? d.digits[i] : "0");
  let intPart = "";
  for (let i = 0; i < d.dp; i++) intPart += digitAt(i);
  if (intPart === "") intPart = "0";
  let frac = "";
  for (let i = 0; i < decimals; i++) frac += digitAt(d.dp + i);
  return decimals > 0 ? `${intPart}.${frac}` : intPart;
}

/** Go `fmt.Sprintf("%.Nf", x)`. */
export function goFixed(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf";
  const negative = x < 0 || Object.is(x, -0);
  const exact = exactDecimal(Math.abs(x));
  const d = roundDecimal(exact, exact.dp + decimals);
  return (negative ? "-" : "") + fixedDigits(d, decimals);
}

/** Go `fmt.Sprintf("%.Pg", x)` (strconv 'g' with precision P: %e when exp < -4 || exp >= P). */
export function goG(x: number, precision: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf";
  const negative = x < 0 || Object.is(x, -0);
  const sign = negative ? "-" : "";
  const prec = precision === 0 ? 1 : precision;
  const d = roundDecimal(exactDecimal(Math.abs(x)), prec);
  if (d.digits === "") return sign + "0";
  let eprec = prec;
  if (eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
  const exp = d.dp - 1;
  if (exp < -4 || exp >= eprec) {
    const mantissa = d.digits.length > 1 ? `${d.digits[0]}.${d.digits.slice(1)}` : d.digits;
    const e = Math.abs(exp);
    return `${sign}${mantissa}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  }
  const shown = prec > d.dp ? d.digits.length : prec;
  return sign + fixedDigits(d, Math.max(shown - d.dp, 0));
}

/** Right-align like Go's `%Ns`. */
export function padLeft(s: string, width: number): string {
  return s.length >= width ? s : " ".repeat(width - s.length) + s;
}

/**
 * pprof `measurement.Percentage`: at least two significant digits, "  100%" near 100,
 * always of the absolute value (a shrinking function in a diff still shows a positive %).
 */
export function pprofPercentage(value: number, total: number): string {
  const ratio = total !== 0 ? Math.abs(value / total) * 100 : 0;
  if (ratio >= 99.95 && ratio <= 100.05) return "  100%";
  if (ratio >= 1.0) return padLeft(goFixed(ratio, 2), 5) + "%";
  return padLeft(goG(ratio, 2), 5) + "%";
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * pprof's `Time:` label, Go layout "Jan 2, 2006 at 3:04pm (MST)". pprof prints the local zone
 * of the machine running it; we always print UTC so output does not depend on where it runs.
 */
export function pprofTimeLabel(epochMs: number): string {
  const t = new Date(epochMs);
  const hour24 = t.getUTCHours();
  const hour12 = hour24 % 12 === 0 ? 12 : hour24 % 12;
  const minutes = String(t.getUTCMinutes()).padStart(2, "0");
  const ampm = hour24 < 12 ? "am" : "pm";
  return `${MONTHS[t.getUTCMonth()]} ${t.getUTCDate()}, ${t.getUTCFullYear()} at ${hour12}:${minutes}${ampm} (UTC)`;
}
