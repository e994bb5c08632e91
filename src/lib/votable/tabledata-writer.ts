/**
 * Row encoder for the TABLEDATA serialisation (VOTable 1.4 §5.3): one `<TR>` per row with one
 * `<TD>` per FIELD, an empty `<TD/>` for null, and character data escaped for XML 1.0 (illegal
 * control characters become U+FFFD). A row is built as one string before anything is written, so
 * a value that does not fit its column throws without leaving half a row behind.
 */
import type { ChunkSink } from "./chunk-sink.js";
import type { Cell, Field } from "./model.js";
import { makeTextFormatter, nullText, type TextFormatter } from "./text-format.js";
import { escapeXmlText } from "./xml-escape.js";

type TdWriter = (cell: Exclude<Cell, null | undefined>) => string;

function tdWriter(f: Field): TdWriter {
  const fmt: TextFormatter = makeTextFormatter(f);
  // Only character columns can contain markup or illegal characters; numbers never need escaping.
  if (f.datatype === "char" || f.datatype === "unicodeChar") return (cell) => escapeXmlText(fmt(cell));
  return fmt;
}

/** Cell writers per column list (stateless functions, so one set serves every encoder of the list). */
const writersMemo = new WeakMap<readonly Field[], { readonly writers: TdWriter[]; readonly nulls: string[] }>();

/** Writes TABLEDATA rows of one table into a ChunkSink. */
export class TabledataRowEncoder {
  private readonly writers: TdWriter[];
  private readonly nulls: string[];

  constructor(
    fields: readonly Field[],
    private readonly sink: ChunkSink,
  ) {
    let w = writersMemo.get(fields);
    if (w === undefined) {
      w = {
        writers: fields.map(tdWriter),
        nulls: fields.map((f) => {
          const t = nullText(f);
          return t === "" ? "<TD/>" : `<TD>${t}</TD>`;
        }),
      };
      writersMemo.set(fields, w);
    }
    this.writers = w.writers;
    this.nulls = w.nulls;
  }

  /** Encodes one row; throws VOTableModelError (before writing) when a value does not fit. */
  writeRow(row: readonly Cell[]): void {
    const w = this.writers;
    let s = "<TR>";
    for (let i = 0; i < w.length; i++) {
      const c = row[i];
      if (c === null || c === undefined) {
        s += this.nulls[i]!;
        continue;
      }
      const text = w[i]!(c);
      s += text === "" ? "<TD/>" : `<TD>${text}</TD>`;
    }
    this.sink.writeString(`${s}</TR>\n`);
  }
}
