/** One refusal reason as the tally keeps it: how often, with which status, and the first request it refused. */
export interface ReasonCount {
  readonly reason: string;
  readonly status: number;
  readonly count: number;
  readonly example: { readonly method: string; readonly path: string };
}

export interface TallyView {
  readonly requests: number;
  /** Answers per HTTP status, the status as a string key ("201"). */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Answers that carried a reason code, most frequent first. */
  readonly reasons: readonly ReasonCount[];
}

/**
 * Counts every answer a provider gave since it started, by status and by reason code, for `run`'s summary.
 * Unlike the journal it is never cleared (a test's reset must not hide what the run did) and holds no
 * bodies: its size is bounded by the statuses and reason codes there are, one example request each.
 */
export class RequestTally {
  private requests = 0;
  private readonly byStatus = new Map<number, number>();
  private readonly byReason = new Map<
    string,
    { status: number; count: number; method: string; path: string }
  >();

  /** `path` as the journal would show it (redacted). */
  record(method: string, path: string, status: number, reason: string | null): void {
    this.requests += 1;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    if (reason === null) return;
    const seen = this.byReason.get(reason);
    if (seen) seen.count += 1;
    else this.byReason.set(reason, { status, count: 1, method, path });
  }

  view(): TallyView {
    return {
      requests: this.requests,
      byStatus: Object.fromEntries(
        [...this.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => [String(s), n]),
      ),
      reasons: [...this.byReason]
        .map(([reason, { status, count, method, path }]) => ({
          reason,
          status,
          count,
          example: { method, path },
        }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    };
  }
}
