/** One self-overwriting line on a terminal: `[#####-----]  5/10  tested age`. */
export class ProgressBar {
  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly width = 30,
  ) {}

  update(done: number, total: number, label: string): void {
    const share = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(share * this.width);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}] ${String(done).padStart(String(total).length)}/${total}  ${label}`;
    this.out.write(`\r${line.slice(0, (this.out.columns || 80) - 1)}\x1b[K`);
  }

  clear(): void {
    this.out.write('\r\x1b[K');
  }
}
