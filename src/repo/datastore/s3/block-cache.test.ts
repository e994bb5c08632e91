/** The block cache under S3 range reads: same bytes as a plain slice, fewer fetches, bounded memory. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { blockCachedFile } from "./block-cache.js";

const SIZE = 10_000;
const DATA = new Uint8Array(SIZE).map((_, i) => (i * 13 + 7) & 0xff);

function counted(): { fetches: Array<[number, number]>; fetch: (o: number, n: number) => Promise<Uint8Array> } {
  const fetches: Array<[number, number]> = [];
  return {
    fetches,
    fetch: async (o, n) => {
      assert.ok(o >= 0 && n > 0 && o + n <= SIZE, `fetch(${o}, ${n}) outside the file`);
      fetches.push([o, n]);
      return DATA.slice(o, o + n);
    },
  };
}

describe("block cache", () => {
  test("any read equals the slice of the file, short only at the end", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: SIZE + 50 }), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 2048 }), async (offset, length, blockBytes) => {
        const f = blockCachedFile(SIZE, counted().fetch, { blockBytes, maxBlocks: 3 });
        assert.deepEqual(await f.read(offset, length), DATA.slice(offset, Math.min(SIZE, offset + length)));
      }),
      { numRuns: 300 },
    );
  });

  test("small sequential reads share block fetches; large ones go straight through", async () => {
    const c = counted();
    const f = blockCachedFile(SIZE, c.fetch, { blockBytes: 1024, maxBlocks: 2 });
    for (let off = 0; off < 2048; off += 80) await f.read(off, 80);
    assert.deepEqual(c.fetches, [[0, 1024], [1024, 1024], [2048, 1024]]);
    c.fetches.length = 0;
    await f.read(9990, 100); // last, partial block
    await f.read(100, 5000);
    assert.deepEqual(c.fetches, [[9216, 784], [100, 5000]]);
  });

  test("least recently used blocks are evicted; failures are not cached; results are copies", async () => {
    const c = counted();
    let fail = true;
    const f = blockCachedFile(SIZE, (o, n) => (fail && o === 2048 ? Promise.reject(new Error("boom")) : c.fetch(o, n)), { blockBytes: 1024, maxBlocks: 2 });
    await f.read(0, 1);
    await f.read(1024, 1);
    await f.read(0, 1); // block 0 is now the most recent
    await assert.rejects(f.read(2048, 1), /boom/);
    fail = false;
    (await f.read(2048, 4)).fill(0);
    assert.deepEqual(await f.read(2048, 4), DATA.slice(2048, 2052));
    await f.read(0, 1);
    assert.deepEqual(c.fetches.map(([o]) => o), [0, 1024, 2048]);
    await f.read(1024, 1); // evicted by 2048 (block 0 was more recent)
    assert.deepEqual(c.fetches.map(([o]) => o), [0, 1024, 2048, 1024]);
  });
});
