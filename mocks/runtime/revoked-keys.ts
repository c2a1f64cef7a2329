/**
 * Keys revoked through `POST /__sandbox/keys/revoke`, as a provider expires a compromised key at once:
 * only a key in force can be revoked (the set is bounded by the keys the sandbox knows), and reset
 * restores them all.
 */
export class RevokedKeys {
  private readonly inForce: ReadonlySet<string>;
  private readonly revoked = new Set<string>();

  constructor(keysInForce: readonly string[]) {
    this.inForce = new Set(keysInForce);
  }

  /** Revokes a key in force; false when the value is not one (nothing changes). */
  revoke(key: string): boolean {
    if (!this.inForce.has(key)) return false;
    this.revoked.add(key);
    return true;
  }

  /** How many keys are revoked now. */
  get size(): number {
    return this.revoked.size;
  }

  has(key: string): boolean {
    return this.revoked.size > 0 && this.revoked.has(key);
  }

  /** Takes the revocations from elsewhere (a shared store's control record): exactly `keys`, in force or not. */
  replaceWith(keys: Iterable<string>): void {
    this.revoked.clear();
    for (const key of keys) if (this.inForce.has(key)) this.revoked.add(key);
  }

  clear(): void {
    this.revoked.clear();
  }
}
