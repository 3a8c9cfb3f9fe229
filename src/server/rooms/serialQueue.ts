/**
 * Runs one socket's async room operations one after another, so a `leave` or a disconnect sent
 * right after a `join` sees the join's outcome instead of racing it.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly onError: (error: unknown) => void) {}

  /** True while an operation is queued or running. */
  get busy(): boolean {
    return this.pending > 0;
  }

  run(operation: () => void | Promise<void>): void {
    this.pending += 1;
    this.tail = this.tail
      .then(operation)
      .catch(this.onError)
      .finally(() => {
        this.pending -= 1;
      });
  }
}
