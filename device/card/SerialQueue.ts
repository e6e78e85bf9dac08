/**
 * Runs async jobs one at a time, in call order. PC/SC handles are not safe for concurrent
 * calls on one reader (jsapdu's AsyncMutex solves the same problem).
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.tail.then(job, job);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
