/** What the registry needs of a namespace: a reset that frees what it holds, and a close that stops its timers. */
export interface Evictable {
  reset(): void;
  close(): void;
}

/** The `maxNamespaces` setting: how many named namespaces a provider keeps at once. */
export const MAX_NAMESPACES = { default: 64, min: 1, max: 1024 } as const;

/**
 * A provider's namespaces: the default one, always there, and at most `limit` named ones, created on first use.
 * Past the limit, a new namespace evicts the least recently used one: reset (its memory freed at once, requests a
 * fault held let go, pending webhooks cancelled), closed, and forgotten; using its name again starts it afresh.
 */
export class NamespaceRegistry<Namespace extends Evictable> {
  /** Least recently used first: a use moves a namespace to the end. */
  private readonly named = new Map<string, Namespace>();

  constructor(
    readonly defaultNamespace: Namespace,
    private readonly create: (name: string) => Namespace,
    readonly limit: number,
  ) {
    if (!Number.isInteger(limit) || limit < MAX_NAMESPACES.min || limit > MAX_NAMESPACES.max)
      throw new RangeError(`limit must be an integer from ${MAX_NAMESPACES.min} to ${MAX_NAMESPACES.max}`);
  }

  /** The named namespace, created (and the least recently used one evicted past the limit) when new. */
  use(name: string): Namespace {
    let namespace = this.named.get(name);
    if (namespace !== undefined) {
      this.named.delete(name);
    } else {
      if (this.named.size >= this.limit) this.evictLeastRecentlyUsed();
      namespace = this.create(name);
    }
    this.named.set(name, namespace);
    return namespace;
  }

  /** The named namespace if it exists, without creating it or counting a use. */
  peek(name: string): Namespace | undefined {
    return this.named.get(name);
  }

  /** The named namespaces, least recently used first. */
  names(): string[] {
    return [...this.named.keys()];
  }

  /** Shutdown: closes every namespace, the default one included. */
  close(): void {
    this.defaultNamespace.close();
    for (const namespace of this.named.values()) namespace.close();
  }

  private evictLeastRecentlyUsed(): void {
    const [name, namespace] = this.named.entries().next().value as [string, Namespace];
    this.named.delete(name);
    namespace.reset();
    namespace.close();
  }
}
