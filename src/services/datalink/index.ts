/** Public surface of the DataLink service. */
export { cutoutDescriptor, linksDescriptor, SODA_SYNC_STANDARD_ID } from "./descriptors.js";
export { LINK_FIELDS, renderLinks } from "./render.js";
export { DATALINK_CONTENT_TYPE, type LinkRow, LINKS_STANDARD_ID, type LinksResult, LinksService, type LinksServiceOptions } from "./service.js";
export { type PreviewKind, PreviewService } from "./previews.js";
