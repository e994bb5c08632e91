/**
 * The public base URL every emitted URL starts with. Configured (server.publicBaseUrl) for a real
 * deployment behind a proxy; otherwise the listening address, or — when listening on a wildcard
 * address — the request's Host header, so links work from wherever the client reached us.
 */
export class PublicBaseUrl {
  private listening: string | null = null;

  constructor(private readonly configured: string | null) {}

  /** Records the bound address after listen(). */
  setListening(host: string, port: number): void {
    const wildcard = host === "0.0.0.0" || host === "::" || host === "";
    this.listening = wildcard ? null : `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  }

  /** The base URL for a request (protocol and host as the client used them when not configured). */
  forRequest(req: { readonly protocol: string; readonly host: string }): string {
    if (this.configured) return this.configured;
    if (this.listening) return this.listening;
    return `${req.protocol}://${req.host}`;
  }
}
