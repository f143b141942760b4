/**
 * One number per kept kill, in a typed array that doubles as it fills. `parse` and `report` keep a few numbers for
 * every distinct kill of a run (its clocks, host, victim, where its copy lies on disk): as fields of an object per
 * kill they cost ~90 bytes (V8 boxes every double field), here 8 bytes each.
 */
export class NumberColumn {
  /** NaN where no number was set. */
  private data = new Float64Array(256).fill(NaN);

  get(i: number): number {
    return i < this.data.length ? this.data[i] : NaN;
  }

  set(i: number, value: number): void {
    if (i >= this.data.length) {
      const grown = new Float64Array(Math.max(2 * this.data.length, i + 1)).fill(NaN);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[i] = value;
  }
}
