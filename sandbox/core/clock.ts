// The sandbox's notion of "now". Tests move it forward (feed visibility, hook retention,
// created orders' dates) instead of sleeping.

export class SandboxClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  get offset(): number {
    return this.offsetMs;
  }
}
