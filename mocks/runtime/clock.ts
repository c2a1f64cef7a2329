/**
 * The sandbox clock: real time, real time shifted by an offset, or frozen. Signature date windows, expiries
 * and idempotency retention read it, so a test can move time without waiting; whatever falls due on it (webhook
 * retries) listens for its moves.
 */
export class SandboxClock {
  private offsetMs = 0;
  private frozenAt: number | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): Date {
    return new Date(this.frozenAt ?? this.realNow() + this.offsetMs);
  }

  /** Freezes the clock at `instant`; it stays there until advanced or set back to real time. */
  freezeAt(instant: Date): void {
    this.frozenAt = instant.getTime();
    this.changed();
  }

  /** Moves the clock forward (or back, with a negative value), frozen or not. */
  advance(seconds: number): void {
    if (this.frozenAt !== undefined) this.frozenAt += seconds * 1000;
    else this.offsetMs += seconds * 1000;
    this.changed();
  }

  useRealTime(): void {
    this.frozenAt = undefined;
    this.offsetMs = 0;
    this.changed();
  }

  /**
   * Takes the clock's setting from elsewhere (a shared store's control record): moves it, telling the
   * listeners, only when the setting differs from the current one.
   */
  follow(offsetMs: number, frozenAt: number | undefined): void {
    if (offsetMs === this.offsetMs && frozenAt === this.frozenAt) return;
    this.offsetMs = offsetMs;
    this.frozenAt = frozenAt;
    this.changed();
  }

  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }

  /**
   * Calls `listener` after every move (`freezeAt`, `advance`, `useRealTime`), synchronously, so what fell due
   * has started before the move returns. Listeners must not throw. Returns the function that unsubscribes.
   */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
