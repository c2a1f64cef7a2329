/** `2021-09-30T12:59:55.700534Z`: XCover's record timestamps (microseconds; the sandbox clock has ms). */
export function recordTimestamp(instant: Date): string {
  return instant.toISOString().replace('Z', '000Z');
}

/** `2021-10-01T00:29:29+00:00`: XCover's policy period dates. */
export function policyDate(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** `9 13:14:46`: a Python timedelta as Django REST Framework renders it (days omitted when zero). */
export function duration(fromIso: string, toIso: string): string {
  const totalSeconds = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
  const days = Math.floor(totalSeconds / 86400);
  const rest = totalSeconds % 86400;
  const clock = [Math.floor(rest / 3600), Math.floor((rest % 3600) / 60), rest % 60]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
  return days > 0 ? `${days} ${clock}` : clock;
}

export function addSeconds(instant: Date, seconds: number): Date {
  return new Date(instant.getTime() + seconds * 1000);
}
