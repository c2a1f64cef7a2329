/**
 * Hold/release faults over the control surface: the deterministic way to keep a request in flight. A test
 * holds the matching requests, waits until the sandbox reports them held (a positive signal, never a
 * fixed sleep), does what it must while they wait, then releases them.
 */
import { setTimeout as sleep } from 'node:timers/promises';

const HELD_DEADLINE_MS = 5000;
const POLL_INTERVAL_MS = 5;

/** Adds a fault that holds the requests it matches; returns its id. */
export async function holdRequests(baseUrl: string, matchers: Record<string, unknown>): Promise<number> {
  const response = await fetch(`${baseUrl}/__sandbox/faults`, {
    method: 'POST',
    body: JSON.stringify({ ...matchers, hold: true }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

/** Resolves once fault `id` holds at least `count` requests (fails after 5 s). */
export async function waitUntilHeld(baseUrl: string, id: number, count = 1): Promise<void> {
  const deadline = Date.now() + HELD_DEADLINE_MS;
  for (;;) {
    const { faults } = (await (await fetch(`${baseUrl}/__sandbox/faults`)).json()) as {
      faults: { id: number; held: number }[];
    };
    const held = faults.find((fault) => fault.id === id)?.held ?? 0;
    if (held >= count) return;
    if (Date.now() > deadline) throw new Error(`fault ${id} holds ${held} requests, not ${count}`);
    await sleep(POLL_INTERVAL_MS);
  }
}

/** Lets the requests fault `id` holds go on; returns how many it released. */
export async function releaseFault(baseUrl: string, id: number): Promise<number> {
  const response = await fetch(`${baseUrl}/__sandbox/faults/${id}/release`, { method: 'POST' });
  expect(response.status).toBe(200);
  return ((await response.json()) as { released: number }).released;
}
