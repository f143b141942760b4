/**
 * A map that holds its most recently set or read entries only: past `capacity`, the least recently used one goes,
 * handed to `onEvict` (the spooled store writes it to disk). Dedupe keeps what a merge works on (a kill's copy, the
 * keys of its sources) here: a flood of copies of one kill finds it at once, while memory stays bounded whatever
 * the number of kills merged.
 */
export class RecentMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(
    private readonly capacity: number,
    private readonly onEvict: (key: K, value: V) => void = () => undefined,
  ) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Map keeps insertion order: moved to the end, it is the most recent.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const [oldest, evicted] = this.entries.entries().next().value as [K, V];
      this.entries.delete(oldest);
      this.onEvict(oldest, evicted);
    }
  }
}
