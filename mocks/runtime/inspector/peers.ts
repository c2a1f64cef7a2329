import type { Journal } from '../journal';
import type { WebhookOutbox } from '../webhooks/outbox';

/** What the inspector reads of one provider's sandbox: each namespace's journal and outbound notifications. */
export interface InspectedSandbox {
  readonly name: string;
  /** The server's root URL (where its own `/__sandbox/` is), once it listens. */
  readonly url: string;
  /**
   * A namespace's journal and deliveries (undefined: the default namespace), or undefined when the provider holds
   * no such namespace; reading never creates one.
   */
  inspect(namespace: string | undefined): InspectedNamespace | undefined;
}

export interface InspectedNamespace {
  readonly journal: Journal;
  readonly webhooks: Pick<WebhookOutbox, 'list'>;
}

/**
 * The providers running in one process (`partner-sandbox start`, `startSandbox`): each provider's inspector page
 * reads the others' journals through it, in process, for the combined view. A sandbox started alone lists
 * only itself.
 */
export class SandboxPeers {
  private readonly entries: InspectedSandbox[] = [];

  add(peer: InspectedSandbox): void {
    this.entries.push(peer);
  }

  list(): readonly InspectedSandbox[] {
    return this.entries;
  }

  find(name: string): InspectedSandbox | undefined {
    return this.entries.find((peer) => peer.name === name);
  }
}
