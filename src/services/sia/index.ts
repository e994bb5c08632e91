/** Public surface of the SIA 2.0 service. */
export { siaToAdql } from "./adql.js";
export { SIA_STANDARD_ID, SiaService } from "./service.js";
