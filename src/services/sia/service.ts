/**
 * SIA 2.0 image discovery (REC-SIA-2.0, standards.md §8): parameters parsed by lib/dali, turned
 * into ADQL over ivoa.ObsCore and run by the TAP service, so results, limits, errors and the
 * access policy are exactly TAP's. The answer is the ObsCore rows (SIA-07) with MAXREC overflow.
 */
import { parseSiaQuery, type RawParams } from "../../lib/dali/index.js";
import { resolveResponseFormat } from "../tap/documents/index.js";
import type { TapResponse, TapService } from "../tap/index.js";
import { siaToAdql } from "./adql.js";
import type { Identity } from "../../repo/auth/index.js";

export const SIA_STANDARD_ID = "ivo://ivoa.net/std/SIA";

export class SiaService {
  constructor(private readonly tap: TapService) {}

  /** The ADQL an SIA request becomes (throws UsageFault naming the bad parameter). */
  translate(params: RawParams): { adql: string; maxrec: number; format: ReturnType<typeof resolveResponseFormat> } {
    // RESPONSEFORMAT is resolved with TAP's list (the same renderer writes the answer).
    const format = resolveResponseFormat(params.get("RESPONSEFORMAT")?.[0]);
    const rest = new Map(params);
    rest.delete("RESPONSEFORMAT");
    const l = this.tap.limits;
    const q = parseSiaQuery(rest, { defaultMaxrec: l.maxrecDefault, maxMaxrec: l.maxrecHard, maxPolygonVertices: 1000 });
    return { adql: siaToAdql(q), maxrec: q.maxrec.value, format };
  }

  /** Runs a query. */
  async query(params: RawParams, options: { readonly signal?: AbortSignal; readonly linksUrl?: string; readonly identity?: Identity } = {}): Promise<TapResponse> {
    const { adql, maxrec, format } = this.translate(params);
    return this.tap.run(
      { query: adql, format, maxrec, uploads: [] },
      {
        timeoutMs: this.tap.limits.syncTimeoutS * 1000,
        standardID: SIA_STANDARD_ID,
        service: "sia",
        ...(options.identity ? { identity: options.identity } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.linksUrl ? { linksUrl: options.linksUrl } : {}),
      },
    );
  }
}
