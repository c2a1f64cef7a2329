/** `value` when it is an integer from `min` to `max`; else a RangeError naming `what` (a setting, an option). */
export function integerInRange(what: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${what} must be an integer from ${min} to ${max}`);
  return value;
}
