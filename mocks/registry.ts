import { lazyProviderDefinition } from './runtime/lazy-provider';
import type { AnyProviderDefinition } from './runtime/provider';

/**
 * The fixed port order of SANDBOX-INTERFACE.md: a provider's port is the port base plus its index here,
 * whether or not the others are built yet.
 */
export const PROVIDER_PORT_ORDER = ['kasko', 'ensuro', 'kigo', 'kashier', 'xcover'] as const;

/*
 * Each provider's module is loaded when its definition is first used, not when the registry is imported:
 * `start --only xcover` then never loads Ensuro's signing library (ethers) or any other provider's handlers.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const kasko = () => (require('./kasko/provider') as typeof import('./kasko/provider')).kaskoProvider;
const ensuro = () => (require('./ensuro/provider') as typeof import('./ensuro/provider')).ensuroProvider;
const kigo = () => (require('./kigo/provider') as typeof import('./kigo/provider')).kigoProvider;
const kashier = () => (require('./kashier/provider') as typeof import('./kashier/provider')).kashierProvider;
const xcover = () => (require('./xcover/provider') as typeof import('./xcover/provider')).xcoverProvider;
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The providers this version serves, in port order. A provider not built yet is simply absent. Each
 * definition's name is known at once; the rest loads its module on first use.
 */
export const PROVIDERS: readonly AnyProviderDefinition[] = [
  lazyProviderDefinition('kasko', kasko),
  lazyProviderDefinition('ensuro', ensuro),
  lazyProviderDefinition('kigo', kigo),
  lazyProviderDefinition('kashier', kashier),
  lazyProviderDefinition('xcover', xcover),
];

export function portOffsetOf(name: string): number {
  const index = (PROVIDER_PORT_ORDER as readonly string[]).indexOf(name);
  if (index === -1) throw new Error(`provider ${name} has no place in the port order`);
  return index;
}
