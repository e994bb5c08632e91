/**
 * A progress bar on standard error for long CLI operations (ingest, demo generation, rebuilds):
 * redrawn in place on a terminal, a line per 10 % otherwise (logs stay readable in CI).
 */
export class ProgressBar {
  private lastPct = -1;
  private readonly started = Date.now();
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  setTotal(total: number): void {
    this.total = total;
  }

  update(done: number, detail = ""): void {
    const pct = this.total > 0 ? Math.floor((100 * done) / this.total) : 100;
    if (this.tty) {
      const width = 30;
      const filled = Math.round((width * pct) / 100);
      const secs = ((Date.now() - this.started) / 1000).toFixed(1);
      this.stream.write(`\r${this.label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${pct}% ${done}/${this.total} ${secs}s ${detail}`.slice(0, 150).padEnd(100));
    } else if (Math.floor(pct / 10) !== Math.floor(this.lastPct / 10) || done === this.total) {
      this.stream.write(`${this.label}: ${pct}% (${done}/${this.total})${detail ? ` ${detail}` : ""}\n`);
    }
    this.lastPct = pct;
  }

  done(message = ""): void {
    if (this.tty) this.stream.write("\n");
    if (message) this.stream.write(`${message}\n`);
  }
}
