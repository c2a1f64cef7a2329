import type { AnyProviderDefinition } from './runtime/provider';
import { ensuroProvider } from './ensuro/provider';
import { kashierProvider } from './kashier/provider';
import { kaskoProvider } from './kasko/provider';
import { kigoProvider } from './kigo/provider';
import { xcoverProvider } from './xcover/provider';

/**
 * The fixed port order of SANDBOX-INTERFACE.md: a provider's port is the port base plus its index here,
 * whether or not the others are built yet.
 */
export const PROVIDER_PORT_ORDER = ['kasko', 'ensuro', 'kigo', 'kashier', 'xcover'] as const;

/** The providers this version serves, in port order. A provider not built yet is simply absent. */
export const PROVIDERS: readonly AnyProviderDefinition[] = [
  kaskoProvider,
  ensuroProvider,
  kigoProvider,
  kashierProvider,
  xcoverProvider,
];

export function portOffsetOf(name: string): number {
  const index = (PROVIDER_PORT_ORDER as readonly string[]).indexOf(name);
  if (index === -1) throw new Error(`provider ${name} has no place in the port order`);
  return index;
}
