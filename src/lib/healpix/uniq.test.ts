/** NUNIQ packing: checked and unchecked twins, number and bigint forms, order 29 exactness. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fromUniq, fromUniqBig, fromUniqUnchecked, HealpixError, toUniq, toUniqBig, toUniqUnchecked } from "./index.js";

describe("NUNIQ", () => {
  it("packs and unpacks at the order limits", () => {
    assert.equal(toUniq(0, 0), 4);
    assert.equal(toUniq(0, 11), 15);
    assert.deepEqual(fromUniq(16), { order: 1, ipix: 0 });
    const last24 = 12 * 4 ** 24 - 1;
    assert.deepEqual(fromUniq(toUniq(24, last24)), { order: 24, ipix: last24 });
    // Just below a power of two, where log2 rounds up.
    assert.deepEqual(fromUniqUnchecked(4 * 4 ** 24 - 1), { order: 23, ipix: 12 * 4 ** 23 - 1 });
    const big = toUniqBig(29, 12n * 4n ** 29n - 1n);
    assert.equal(big, 4n * 4n ** 29n + 12n * 4n ** 29n - 1n);
    assert.deepEqual(fromUniqBig(big), { order: 29, ipix: 12n * 4n ** 29n - 1n });
    assert.equal(toUniqUnchecked(3, 5), toUniq(3, 5));
  });
  it("checked forms reject what is not a cell", () => {
    assert.throws(() => toUniq(25, 0), HealpixError);
    assert.throws(() => toUniq(2, 192), HealpixError);
    assert.throws(() => fromUniq(3), HealpixError);
    // Every integer ≥ 4 is some cell's uniq (a bijection); beyond the supported orders it is not.
    assert.throws(() => fromUniq(16 * 4 ** 24), HealpixError);
    assert.throws(() => fromUniqBig(16n << 58n), HealpixError);
    assert.throws(() => toUniqBig(29, 12n * 4n ** 29n), HealpixError);
  });
});
