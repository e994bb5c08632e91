/**
 * Header verification as a separate step after tolerant parsing (STYLE.md §2; FITS 4.0 standard
 * §4.1.2 card syntax, §4.4.1 mandatory keywords in order and fixed format, §7 table keywords).
 * Modes follow astropy's idea: ignore (no checks), warn (report), fix (report and repair what can
 * be repaired safely), strict (throw FitsFormatError("VERIFY_FAILED") on any finding).
 */
import { Card } from "./card.js";
import { FitsFormatError } from "./errors.js";
import { formatCard } from "./format.js";
import { FitsHeader } from "./header.js";
import { parseAsciiTform, parseBinTform } from "./table/tform.js";

/** How verify reacts to problems. */
export type VerifyMode = "ignore" | "warn" | "fix" | "strict";

/** One problem found. `cardIndex` is 0-based in header.cards (undefined for header-wide ones). */
export interface Finding {
  readonly severity: "error" | "warning";
  readonly code: string;
  readonly message: string;
  readonly cardIndex: number | undefined;
  /** True when mode "fix" repaired it in the returned header. */
  readonly fixed: boolean;
}

/** The result of verify: findings and the (possibly repaired) header. */
export interface VerifyResult {
  readonly findings: readonly Finding[];
  readonly header: FitsHeader;
}

const KEYWORD_CHARS = /^[A-Z0-9_-]*$/;
const MANDATORY_FIXED = /^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|PCOUNT|GCOUNT|TFIELDS|EXTEND)$/;

type Fix = (c: Card) => Card | undefined;

function refixed(c: Card): Card | undefined {
  const v = c.value;
  if (v === null || (typeof v === "object" && !("re" in v))) return undefined;
  try {
    return formatCard(c.keyword, v, c.comment, { float: c.valueType === "float" });
  } catch {
    return undefined;
  }
}

function checkCard(c: Card, i: number, add: (sev: Finding["severity"], code: string, msg: string, fix?: Fix) => void): void {
  if (/[^\x20-\x7e]/.test(c.raw)) {
    add("error", "NON_ASCII", `card ${i + 1} has characters outside printable ASCII`, (x) => new Card(x.raw.replace(/[^\x20-\x7e]/g, " ")));
  }
  const key8 = c.raw.slice(0, 8).trimEnd();
  if (!c.hierarch && !KEYWORD_CHARS.test(key8)) {
    const upper = key8.toUpperCase();
    add("error", "BAD_KEYWORD", `keyword ${JSON.stringify(key8)} has illegal characters`, KEYWORD_CHARS.test(upper) ? (x) => new Card(upper.padEnd(8, " ") + x.raw.slice(8)) : undefined);
  }
  if (c.raw.startsWith(" ") && c.raw.slice(0, 8).trim() !== "") add("error", "BAD_KEYWORD", `card ${i + 1}: keyword does not start in column 1`);
  if (c.kind === "commentary" && key8 !== "" && key8 !== "COMMENT" && key8 !== "HISTORY" && c.raw.includes("=")) {
    add("warning", "NO_VALUE_INDICATOR", `${key8}: "=" not in columns 9–10, card read as commentary`);
  }
  // An unparsable value is not guessed at, even in fix mode.
  if (c.problem) add("error", "BAD_VALUE", `${c.keyword}: ${c.problem}`);
  if (c.kind === "value" && MANDATORY_FIXED.test(c.keyword) && c.valueType !== "string" && c.raw[29] === " ") {
    // §4.2: mandatory keywords use fixed format, the value right-justified to column 30.
    add("warning", "NOT_FIXED_FORMAT", `${c.keyword}: value not right-justified to column 30`, refixed);
  }
}

function checkStructure(h: FitsHeader, add: (sev: Finding["severity"], code: string, msg: string, at?: number) => void): void {
  const keys = h.cards.map((c) => c.keyword);
  const primary = keys[0] === "SIMPLE";
  if (!primary && keys[0] !== "XTENSION") add("error", "MANDATORY_ORDER", "first keyword must be SIMPLE or XTENSION", 0);
  if (primary && h.get("SIMPLE") !== true) add("warning", "SIMPLE_FALSE", "SIMPLE is not T: file does not conform");
  if (keys[1] !== "BITPIX") add("error", "MANDATORY_ORDER", "second keyword must be BITPIX", 1);
  if (keys[2] !== "NAXIS") add("error", "MANDATORY_ORDER", "third keyword must be NAXIS", 2);
  const naxis = h.get("NAXIS");
  const n = typeof naxis === "number" ? naxis : 0;
  for (let i = 1; i <= n; i++) if (keys[2 + i] !== `NAXIS${i}`) add("error", "MANDATORY_ORDER", `NAXIS${i} must follow NAXIS${i > 1 ? i - 1 : ""}`, 2 + i);
  const xt = String(h.get("XTENSION") ?? "").trim();
  if (!primary) {
    if (keys[3 + n] !== "PCOUNT") add("error", "MANDATORY_ORDER", "PCOUNT must follow the NAXISn keywords", 3 + n);
    if (keys[4 + n] !== "GCOUNT") add("error", "MANDATORY_ORDER", "GCOUNT must follow PCOUNT", 4 + n);
  }
  if (xt === "BINTABLE" || xt === "TABLE") {
    const tf = h.get("TFIELDS");
    if (typeof tf !== "number") add("error", "MISSING_KEYWORD", "TFIELDS missing");
    for (let i = 1; i <= (typeof tf === "number" ? Math.min(tf, 999) : 0); i++) {
      const f = h.get(`TFORM${i}`);
      if (typeof f !== "string") add("error", "MISSING_KEYWORD", `TFORM${i} missing`);
      else {
        try {
          if (xt === "BINTABLE") parseBinTform(f);
          else parseAsciiTform(f);
        } catch (e) {
          add("error", "BAD_TFORM", e instanceof Error ? e.message : String(e));
        }
      }
      if (xt === "TABLE" && !h.has(`TBCOL${i}`)) add("error", "MISSING_KEYWORD", `TBCOL${i} missing`);
    }
  }
  const naxis1 = h.get("NAXIS1");
  if (xt === "BINTABLE" && typeof naxis1 === "number") {
    let width = 0;
    let ok = true;
    const tf = h.get("TFIELDS");
    for (let i = 1; i <= (typeof tf === "number" ? Math.min(tf, 999) : 0); i++) {
      const f = h.get(`TFORM${i}`);
      try {
        width += typeof f === "string" ? parseBinTform(f).width : 0;
      } catch {
        ok = false;
      }
    }
    // §7.3.1: the fields fill the row exactly.
    if (ok && width !== naxis1) add(width > naxis1 ? "error" : "warning", "ROW_WIDTH", `columns take ${width} bytes but NAXIS1 = ${naxis1}`);
  }
  const seen = new Set<string>();
  h.cards.forEach((c, i) => {
    if (c.kind !== "value") return;
    if (seen.has(c.keyword)) add("warning", "DUPLICATE_KEYWORD", `${c.keyword} appears more than once`, i);
    seen.add(c.keyword);
  });
}

/**
 * Verifies a header. Returns findings and, in "fix" mode, a repaired copy (otherwise the same
 * header). Throws FitsFormatError("VERIFY_FAILED") in "strict" mode when anything is found.
 */
export function verify(header: FitsHeader, mode: VerifyMode = "warn"): VerifyResult {
  if (mode === "ignore") return { findings: [], header };
  const findings: Finding[] = [];
  const cards = header.cards.slice();
  header.cards.forEach((card, i) => {
    checkCard(card, i, (severity, code, message, fix) => {
      let fixed = false;
      if (mode === "fix" && fix) {
        const repaired = fix(cards[i]!);
        if (repaired && !repaired.problem) {
          cards[i] = repaired;
          fixed = true;
        }
      }
      findings.push({ severity, code, message, cardIndex: i, fixed });
    });
  });
  checkStructure(header, (severity, code, message, at) => findings.push({ severity, code, message, cardIndex: at, fixed: false }));
  if (mode === "strict" && findings.length > 0) {
    throw new FitsFormatError("VERIFY_FAILED", `header verification failed: ${findings.map((f) => f.message).join("; ")}`);
  }
  return { findings, header: mode === "fix" ? new FitsHeader(cards) : header };
}
