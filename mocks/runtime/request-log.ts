export interface RequestLogFields {
  readonly provider: string;
  readonly method: string;
  readonly path: string;
  /** The status the client received, or `reset` when the connection closed before the answer was out. */
  readonly status: number | 'reset';
  readonly reason: string | null;
  readonly durationMs: number;
}

/** One readable line per request, as Prism and WireMock print: time, provider, method, path, status, reason, ms. */
export function formatRequestLine(fields: RequestLogFields, time: Date = new Date()): string {
  return [
    time.toISOString(),
    fields.provider,
    fields.method,
    fields.path,
    String(fields.status),
    fields.reason ?? '-',
    `${fields.durationMs}ms`,
  ].join(' ');
}
