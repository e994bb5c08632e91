/** The software version (package.json's), for the Server header, the CLI and FITS provenance cards. */
export const SKYPORT_VERSION = "0.1.0";
