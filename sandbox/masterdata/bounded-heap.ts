// Keeps the `capacity` smallest items of a stream (by `compare`) in O(n log capacity), so a
// sorted page of 500,000 scanned customers never holds more than the page window.

export class BoundedHeap<T> {
  // A max-heap: the root is the worst item kept, evicted first.
  private readonly items: T[] = [];

  constructor(private readonly capacity: number, private readonly compare: (a: T, b: T) => number) {}

  offer(item: T): void {
    if (this.capacity <= 0) return;
    if (this.items.length < this.capacity) {
      this.items.push(item);
      this.siftUp(this.items.length - 1);
      return;
    }
    const root = this.items[0];
    if (root === undefined || this.compare(item, root) >= 0) return;
    this.items[0] = item;
    this.siftDown(0);
  }

  sorted(): T[] {
    return [...this.items].sort(this.compare);
  }

  private siftUp(start: number): void {
    let child = start;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.swapIfWorse(parent, child)) return;
      child = parent;
    }
  }

  private siftDown(start: number): void {
    let parent = start;
    for (;;) {
      const left = parent * 2 + 1;
      const right = left + 1;
      let worst = parent;
      if (left < this.items.length && this.worse(left, worst)) worst = left;
      if (right < this.items.length && this.worse(right, worst)) worst = right;
      if (worst === parent) return;
      this.swap(parent, worst);
      parent = worst;
    }
  }

  private worse(i: number, j: number): boolean {
    const a = this.items[i];
    const b = this.items[j];
    return a !== undefined && b !== undefined && this.compare(a, b) > 0;
  }

  /** Swaps parent and child when the child is worse; true if it did. */
  private swapIfWorse(parent: number, child: number): boolean {
    if (!this.worse(child, parent)) return false;
    this.swap(parent, child);
    return true;
  }

  private swap(i: number, j: number): void {
    const a = this.items[i];
    const b = this.items[j];
    if (a === undefined || b === undefined) return;
    this.items[i] = b;
    this.items[j] = a;
  }
}
