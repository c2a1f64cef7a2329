import { lazyProviderDefinition } from './lazy-provider';
import { toyProvider as toy } from '../../test/fixtures/toy-provider';

describe('lazyProviderDefinition', () => {
  it('knows its name without loading, and loads once, on the first other field read', () => {
    const load = jest.fn(() => toy);
    const lazy = lazyProviderDefinition('toy', load);
    expect(lazy.name).toBe('toy');
    expect(load).not.toHaveBeenCalled();
    expect(lazy.specPath).toBe(toy.specPath);
    expect(lazy.handlers).toBe(toy.handlers);
    expect(lazy.idempotency).toBe(toy.idempotency);
    expect(load).toHaveBeenCalledTimes(1);
    // Loaded, each field is a plain value the pipeline reads without a call.
    expect(Object.getOwnPropertyDescriptor(lazy, 'handlers')).toMatchObject({ value: toy.handlers });
  });

  it('offers every field the loaded definition has, as a spread sees them', () => {
    const lazy = lazyProviderDefinition('toy', () => toy);
    const copy: Record<string, unknown> = { ...lazy };
    for (const [field, value] of Object.entries(toy)) expect(copy[field]).toBe(value);
  });

  it('fails loudly when the module loaded is another provider', () => {
    const lazy = lazyProviderDefinition('other', () => toy);
    expect(() => lazy.settings).toThrow('provider "other" loaded as "toy"');
  });
});
