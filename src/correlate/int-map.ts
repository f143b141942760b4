/**
 * A map from small non-negative integers to a non-negative integer or an object, in two typed arrays (open
 * addressing, at most half full): 16-32 bytes an entry where a Map took 28-56. Dedupe's index keeps two or three
 * entries for every distinct kill of a run (a bucket of a key's hash → the position of the kill filed there, or a
 * list of them); most are one number.
 *
 * Keys are used as their own hash: dedupe's are bits of a hash already.
 */
export class IntMap<V extends object> {
  private keys = new Int32Array(1024).fill(EMPTY);
  /** A number as itself; an object as -(its index in `objects` + 1). */
  private values = new Int32Array(1024);
  private readonly objects: Array<V | undefined> = [];
  private count = 0;

  get(key: number): number | V | undefined {
    const at = this.slot(key);
    if (this.keys[at] === EMPTY) return undefined;
    const v = this.values[at];
    return v >= 0 ? v : this.objects[-v - 1];
  }

  /** `key` and a number must be integers in [0, 2^31). */
  set(key: number, value: number | V): void {
    let at = this.slot(key);
    const old = this.keys[at] === EMPTY ? null : this.values[at];
    if (old === null) {
      if (2 * (this.count + 1) > this.keys.length) {
        this.grow();
        at = this.slot(key);
      }
      this.keys[at] = key;
      this.count++;
    }
    if (typeof value === "number") {
      if (old !== null && old < 0) this.objects[-old - 1] = undefined;
      this.values[at] = value;
    } else if (old !== null && old < 0) this.objects[-old - 1] = value;
    else this.values[at] = -this.objects.push(value);
  }

  /** Where `key` is, or the empty slot where it would go. */
  private slot(key: number): number {
    const mask = this.keys.length - 1;
    let at = key & mask;
    while (this.keys[at] !== EMPTY && this.keys[at] !== key) at = (at + 1) & mask;
    return at;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Int32Array(2 * keys.length).fill(EMPTY);
    this.values = new Int32Array(2 * keys.length);
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === EMPTY) continue;
      const at = this.slot(keys[i]);
      this.keys[at] = keys[i];
      this.values[at] = values[i];
    }
  }
}

const EMPTY = -1;
