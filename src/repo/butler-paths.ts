/** Where a dataset's file goes: the path template filled from its reference (see templates.ts). */
import { extname } from "node:path";
import { DEFAULT_TEMPLATE, formatTemplate } from "./datastore/index.js";
import type { DataId, DatasetRef } from "./model/index.js";

export type { DataId, DatasetRef };

/** The datastore key of a dataset; the extension comes from the source file name or is given. */
export function formatTemplateFor(template: string | undefined, ref: DatasetRef, sourceOrExtension: string): string {
  const ext = sourceOrExtension.startsWith(".") ? sourceOrExtension : extname(sourceOrExtension.replace(/\.(gz|fz)$/, "")) + (sourceOrExtension.match(/\.(gz|fz)$/)?.[0] ?? "");
  return formatTemplate(template ?? DEFAULT_TEMPLATE, { ...ref.dataId, run: ref.run, datasetType: ref.datasetType, id: ref.id }, ext || ".fits");
}
