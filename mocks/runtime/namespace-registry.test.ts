import { NamespaceRegistry } from './namespace-registry';

/** A namespace that records what the registry did to it. */
const fake = (name: string, events: string[]) => ({
  name,
  reset: () => void events.push(`reset ${name}`),
  close: () => void events.push(`close ${name}`),
});

describe('NamespaceRegistry', () => {
  it('creates a namespace on first use and gives the same one after', () => {
    const events: string[] = [];
    const registry = new NamespaceRegistry(fake('default', events), (name) => fake(name, events), 2);
    const a = registry.use('a');
    expect(registry.use('a')).toBe(a);
    expect(registry.peek('a')).toBe(a);
    expect(registry.peek('b')).toBeUndefined();
    expect(registry.names()).toEqual(['a']);
    expect(events).toEqual([]);
  });

  it('evicts the least recently used past the limit: reset, closed and forgotten', () => {
    const events: string[] = [];
    const registry = new NamespaceRegistry(fake('default', events), (name) => fake(name, events), 2);
    const a = registry.use('a');
    registry.use('b');
    registry.use('a');
    // Peeking is no use: b stays the least recently used.
    registry.peek('b');
    registry.use('c');
    expect(registry.names()).toEqual(['a', 'c']);
    expect(events).toEqual(['reset b', 'close b']);
    expect(registry.use('a')).toBe(a);
    expect(registry.use('b')).not.toBe(undefined);
    expect(registry.names()).toEqual(['a', 'b']);
  });

  it('never evicts the default namespace, and closes every namespace on close', () => {
    const events: string[] = [];
    const registry = new NamespaceRegistry(fake('default', events), (name) => fake(name, events), 1);
    registry.use('a');
    registry.use('b');
    events.length = 0;
    registry.close();
    expect(events).toEqual(['close default', 'close b']);
  });

  it.each([0, 1025, 2.5, Number.NaN])('refuses a limit of %s', (limit) => {
    expect(() => new NamespaceRegistry(fake('default', []), (name) => fake(name, []), limit)).toThrow(
      RangeError,
    );
  });
});
