/**
 * The sandbox clock: real time, real time shifted by an offset, or frozen. Signature date windows, expiries
 * and idempotency retention read it, so a test can move time without waiting.
 */
export class SandboxClock {
  private offsetMs = 0;
  private frozenAt: number | undefined;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): Date {
    return new Date(this.frozenAt ?? this.realNow() + this.offsetMs);
  }

  /** Freezes the clock at `instant`; it stays there until advanced or set back to real time. */
  freezeAt(instant: Date): void {
    this.frozenAt = instant.getTime();
  }

  /** Moves the clock forward (or back, with a negative value), frozen or not. */
  advance(seconds: number): void {
    if (this.frozenAt !== undefined) this.frozenAt += seconds * 1000;
    else this.offsetMs += seconds * 1000;
  }

  useRealTime(): void {
    this.frozenAt = undefined;
    this.offsetMs = 0;
  }

  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }
}
