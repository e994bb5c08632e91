/**
 * Path templates for where a dataset's file goes, in the style of the Butler's file templates
 * ("{run}/{datasetType}/{band:?}/{visit:?}/{datasetType}_{visit:?}_{detector:?}_{run}"): `{name}` is
 * required, `{name:?}` optional (dropped with its separator when absent). Values are sanitised to
 * safe key characters, so a template always yields a valid datastore key.
 */
import { checkKey } from "./keys.js";

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateError";
  }
}

/** The default template for every dataset type. */
export const DEFAULT_TEMPLATE =
  "{run}/{datasetType}/{band:?}/{day_obs:?}/{datasetType}_{band:?}_{physical_filter:?}_{visit:?}_{exposure:?}_{detector:?}_{skymap:?}_{tract:?}_{patch:?}_{instrument:?}_{id}";

/** Safe key characters per segment; "/" in a value (run names) stays a directory separator. */
function sanitise(v: string | number): string {
  return String(v)
    .split("/")
    .filter((seg) => seg !== "")
    .map((seg) => seg.replace(/[^A-Za-z0-9_.+@=,:-]/g, "_").replace(/^\.+/, "_"))
    .join("/");
}

/** Fills a template; the extension is appended as given (e.g. ".fits"). */
export function formatTemplate(template: string, values: Readonly<Record<string, string | number | undefined>>, extension = ""): string {
  const out = template.replace(/\{([a-zA-Z_][a-zA-Z0-9_]*)(:\?)?\}/g, (_m, name: string, optional: string | undefined) => {
    const v = values[name];
    if (v === undefined || v === "") {
      if (optional) return "\u0000";
      throw new TemplateError(`template field {${name}} has no value`);
    }
    return sanitise(v);
  });
  // Remove dropped optional fields with one adjoining separator, then tidy separators.
  const cleaned = out
    .replace(/[_-]?\u0000/g, "")
    .replace(/\/+/g, "/")
    .replace(/\/_+/g, "/")
    .replace(/^\/|\/$/g, "");
  return checkKey(`${cleaned}${extension}`);
}
