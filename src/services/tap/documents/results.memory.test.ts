/**
 * Memory stays flat while a TAP result streams: 1M generated ObsCore-like rows through
 * renderQueryResult (VOTable TABLEDATA, and JSON whose writer is ours), chunks consumed and
 * dropped. The heap is measured after a forced full GC every ~16 MiB of output, so young-generation
 * garbage (which swings by tens of MiB on its own) does not hide or fake retained rows.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Cell } from "../../../lib/votable/index.js";
import { resolveResponseFormat } from "./formats.js";
import { type ResultColumn, renderQueryResult } from "./results.js";

const ROWS = 1_000_000;
/** Allowed live heap above the starting level at any post-GC sample (bytes). */
const MAX_HEAP_GROWTH = 16 * 1024 * 1024;

// Expose gc() without a command-line flag (the test runner starts us).
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const COLUMNS: ResultColumn[] = [
  { name: "obs_id", datatype: "char", arraysize: "*" },
  { name: "s_ra", datatype: "double" },
  { name: "s_dec", datatype: "double" },
  { name: "calib_level", datatype: "int" },
  { name: "s_region", datatype: "double", arraysize: "*", xtype: "polygon" },
];

async function* rows(): AsyncGenerator<Cell[]> {
  const poly = [10, 10, 11, 10, 11, 11];
  // limit + 1 rows, as the compiler's TOP maxrec+1 produces.
  for (let i = 0; i <= ROWS; i++) yield [`obs-${i}`, (i % 360) + 0.5, (i % 180) - 89.5, i % 4, poly];
}

for (const format of ["votable", "json"]) {
  test(`${format}: ${ROWS} rows keep heap growth under ${MAX_HEAP_GROWTH / 2 ** 20} MiB`, { timeout: 180_000 }, async (t) => {
    gc();
    const start = process.memoryUsage().heapUsed;
    let peak = start;
    let bytes = 0;
    let n = 0;
    let written = -1;
    const input = { columns: COLUMNS, rows: rows(), limit: ROWS, onRowsWritten: (k: number) => (written = k) };
    for await (const chunk of renderQueryResult(resolveResponseFormat(format), input)) {
      bytes += chunk.length;
      if (++n % 256 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    const growth = peak - start;
    t.diagnostic(`${format}: ${(bytes / 2 ** 20).toFixed(0)} MiB written, peak live heap growth ${(growth / 2 ** 20).toFixed(1)} MiB`);
    assert.equal(written, ROWS);
    assert.ok(bytes > ROWS * 40, `wrote ${bytes} bytes`);
    assert.ok(growth < MAX_HEAP_GROWTH, `heap grew ${(growth / 2 ** 20).toFixed(1)} MiB`);
  });
}
