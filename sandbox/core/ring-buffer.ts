// Inspection logs keep the latest N entries: a long benchmark must not grow memory.

export class RingBuffer<T> {
  private readonly items: T[] = [];
  private next = 0;
  private total = 0;

  constructor(private readonly capacity: number) {}

  push(item: T): void {
    if (this.items.length < this.capacity) this.items.push(item);
    else this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    this.total += 1;
  }

  /** Oldest first. */
  toArray(): T[] {
    if (this.items.length < this.capacity) return [...this.items];
    return [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
  }

  /** How many were ever pushed, including the ones that fell out. */
  get pushed(): number {
    return this.total;
  }

  clear(): void {
    this.items.length = 0;
    this.next = 0;
    this.total = 0;
  }
}
