import { setTimeout as sleep } from 'node:timers/promises';
import type { PactV4, V3MockServer } from '@pact-foundation/pact';

/** The part of pact-core's consumer handle that tells whether the mock server has seen what it expects. */
interface MatchState {
  mockServerMatchedSuccessfully(port: number): boolean;
}

const RECORDING_DEADLINE_MS = 2000;
const POLL_INTERVAL_MS = 5;

/**
 * Wraps a consumer test for `executeTest`: runs it, then waits (at most 2 s) until Pact's mock server has
 * recorded the requests it answered.
 *
 * Why: since Pact JS 16.3 (pact-core 19), the Rust mock server queues each match and records it after
 * the response has gone out (pact-foundation/pact-core-mock-server#13). Under CPU load `executeTest`
 * then reads its state too early and fails with "expected but not received" for a request it answered
 * correctly; this failed a CI run of ours. Pact 16.2 has no race, but splits header values on commas,
 * which breaks signature headers. A real mismatch never turns into a match, so it still fails, after the
 * deadline.
 */
export function recordedBy(
  pact: PactV4,
  test: (mockServer: V3MockServer) => Promise<void>,
): (mockServer: V3MockServer) => Promise<void> {
  return async (mockServer) => {
    await test(mockServer);
    const state = consumerHandle(pact);
    const deadline = Date.now() + RECORDING_DEADLINE_MS;
    while (!state.mockServerMatchedSuccessfully(mockServer.port) && Date.now() < deadline) {
      await sleep(POLL_INTERVAL_MS);
    }
  };
}

/**
 * `PactV4` keeps pact-core's consumer handle in a private field; it is the handle the pending
 * `executeTest` uses until that test has finished. If a Pact upgrade moves it, say so rather than hang.
 */
function consumerHandle(pact: PactV4): MatchState {
  const handle = (pact as unknown as { pact?: Partial<MatchState> }).pact;
  if (typeof handle?.mockServerMatchedSuccessfully !== 'function') {
    throw new Error('PactV4 no longer exposes its consumer handle as `pact`: revisit recordedBy()');
  }
  return handle as MatchState;
}
