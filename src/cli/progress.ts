/**
 * A progress line for long demo steps: redrawn in place on a terminal, a few milestone lines
 * otherwise (CI logs stay short). Writes to stderr so stdout keeps only the summary.
 */
export class Progress {
  private lastMilestone = -1;
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, note = ''): void {
    const ratio = this.total ? Math.min(1, done / this.total) : 1;
    if (this.stream.isTTY) {
      const width = 24;
      const filled = Math.round(ratio * width);
      this.stream.write(`\r  ${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} ${note}`.padEnd(90));
      return;
    }
    const milestone = Math.floor(ratio * 4);
    if (milestone > this.lastMilestone) {
      this.lastMilestone = milestone;
      this.stream.write(`  ${this.label}: ${done}/${this.total} ${note}\n`);
    }
  }

  done(note = ''): void {
    this.update(this.total, note);
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
