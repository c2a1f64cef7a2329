/**
 * What every verifier in `src/` answers: on success what it looked at; on failure also a catalogued reason,
 * the message the provider puts in its error body, and a detail saying exactly what is wrong. `checked` is
 * safe to show: never a secret, a token or an expected signature.
 */
export type Verification<
  Reason extends string = string,
  Checked extends object = Readonly<Record<string, unknown>>,
  Success extends object = object,
> =
  | ({ readonly ok: true; readonly checked: Checked } & Success)
  | {
      readonly ok: false;
      readonly reason: Reason;
      readonly message: string;
      readonly detail: string;
      readonly checked: Checked;
    };

/** A verifier's refusal maker: the message comes from the reason's catalogue entry. */
export function refusalOf<Reason extends string, Checked extends object>(
  catalogue: Readonly<Record<Reason, { readonly message: string }>>,
  checked: Checked,
) {
  return (reason: Reason, detail: string) => ({
    ok: false as const,
    reason,
    message: catalogue[reason].message,
    detail,
    checked,
  });
}
