/**
 * A background loop that runs `runOnce` until it finds no work, then waits `pollMs` or until
 * nudged. Tests call `runOnce`/`drain` directly instead of waiting for the loop.
 */
export abstract class Worker {
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private nudged = false;

  protected constructor(private readonly pollMs: number) {}

  /** Does one unit of work; returns how much it did (0 = idle). */
  abstract runOnce(): Promise<number>;

  /** Runs until there is no more work due now. */
  async drain(maxRounds = 10_000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxRounds; i++) {
      const n = await this.runOnce();
      total += n;
      if (n === 0) break;
    }
    return total;
  }

  start(onError: (error: unknown) => void): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        let worked = 0;
        try {
          worked = await this.runOnce();
        } catch (error) {
          onError(error);
        }
        if (worked === 0 && this.running && !this.nudged) await this.idle();
        this.nudged = false;
      }
    })();
  }

  /** Wakes the loop now (e.g. after new work was stored by this process). */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.pollMs);
      this.wake = done;
    });
  }
}
