/**
 * The one error raw-header translation throws. A header that cannot be translated must fail loudly
 * with the file and the card at fault (issue 5): ingest reports it to the operator instead of
 * registering an exposure with made-up metadata.
 */
import { SkyportError } from "../../../lib/errors/index.js";

/** Where a translation failed: the file (or a placeholder) and the header card, when one is at fault. */
export interface TranslationErrorOptions {
  /** File name used in messages; `"<header>"` when the caller gave none. */
  readonly file: string;
  /** The FITS keyword at fault, or undefined when no single card is (e.g. no translator matched). */
  readonly card?: string;
  /** What went wrong, without the file/card prefix. */
  readonly reason: string;
  readonly cause?: unknown;
}

/**
 * A raw header could not be translated into an ObservationInfo.
 * The message reads `"<file>: <CARD>: <reason>"` (or `"<file>: <reason>"` without a card), e.g.
 * `fitsheader-x.yaml: DATE-OBS: cannot parse '2019-13-45'`. It is a UsageFault: the input is bad.
 */
export class TranslationError extends SkyportError {
  /** The file name as given to the translator. */
  readonly file: string;
  /** The keyword at fault, if one is. */
  readonly card: string | undefined;
  /** The reason without the prefix. */
  readonly reason: string;

  constructor(options: TranslationErrorOptions) {
    const where = options.card === undefined ? options.file : `${options.file}: ${options.card}`;
    super({ code: "UsageFault", message: `${where}: ${options.reason}`, cause: options.cause });
    this.name = "TranslationError";
    this.file = options.file;
    this.card = options.card;
    this.reason = options.reason;
  }
}
