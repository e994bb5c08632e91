/** Dataset types in SQL: registration (idempotent, conflicts refused), lookup, glob queries. */
import { type DatasetType, expandDimensions, isValidDatasetTypeName, requiredDimensions } from "../../model/index.js";
import { globToRegExp, Params, type RegistryContext, RegistryError } from "./context.js";

interface TypeRow {
  id: number;
  name: string;
  dimensions: string;
  storage_class: string;
  is_calibration: unknown;
}

function fromRow(r: TypeRow): DatasetType & { id: number } {
  return {
    id: Number(r.id),
    name: r.name,
    dimensions: JSON.parse(r.dimensions) as string[],
    storageClass: r.storage_class,
    isCalibration: r.is_calibration === true || r.is_calibration === 1,
  };
}

export async function datasetTypeRow(ctx: RegistryContext, name: string): Promise<(DatasetType & { id: number }) | undefined> {
  const p = new Params(ctx.ex.caps.placeholder);
  const rows = await ctx.ex.all<TypeRow>(...p.bind(`SELECT * FROM "dataset_type" WHERE "name" = ${p.add(name)}`));
  return rows[0] ? fromRow(rows[0]) : undefined;
}

export async function requireDatasetType(ctx: RegistryContext, name: string): Promise<DatasetType & { id: number }> {
  const t = await datasetTypeRow(ctx, name);
  if (!t) throw new RegistryError(`no dataset type named ${name}`, "missing");
  return t;
}

/** Normalises the dimensions of a type to its required set, in universe order. */
export function normaliseTypeDimensions(ctx: RegistryContext, dims: readonly string[]): string[] {
  return requiredDimensions(ctx.universe, expandDimensions(ctx.universe, dims));
}

export async function registerDatasetType(ctx: RegistryContext, type: DatasetType): Promise<boolean> {
  if (!isValidDatasetTypeName(type.name)) throw new RegistryError(`invalid dataset type name ${JSON.stringify(type.name)}`);
  const dims = normaliseTypeDimensions(ctx, type.dimensions);
  const existing = await datasetTypeRow(ctx, type.name);
  if (existing) {
    const same =
      JSON.stringify(existing.dimensions) === JSON.stringify(dims) && existing.storageClass === type.storageClass && existing.isCalibration === type.isCalibration;
    if (!same) {
      throw new RegistryError(
        `dataset type ${type.name} already exists with dimensions {${existing.dimensions.join(", ")}}, storage class ${existing.storageClass}${existing.isCalibration ? ", calibration" : ""}`,
        "conflict",
      );
    }
    return false;
  }
  const p = new Params(ctx.ex.caps.placeholder);
  await ctx.ex.run(...p.bind(`INSERT INTO "dataset_type" ("name", "dimensions", "storage_class", "is_calibration") VALUES (${p.list([type.name, JSON.stringify(dims), type.storageClass, type.isCalibration])})`));
  return true;
}

export async function queryDatasetTypes(ctx: RegistryContext, glob?: string): Promise<DatasetType[]> {
  const rows = await ctx.ex.all<TypeRow>(`SELECT * FROM "dataset_type" ORDER BY "name"`);
  const re = glob ? globToRegExp(glob) : undefined;
  return rows.map(fromRow).filter((t) => !re || re.test(t.name)).map(({ id: _id, ...t }) => t);
}
