import { setTimeout as sleep } from 'node:timers/promises';
import type { PactV4 } from '@pact-foundation/pact';

/** The part of pact-core's consumer handle that tells whether the mock server has seen what it expects. */
interface MatchState {
  mockServerMatchedSuccessfully(port: number): boolean;
}

const RECORDING_DEADLINE_MS = 2000;
const POLL_INTERVAL_MS = 5;

/**
 * Waits until Pact's mock server has recorded the requests it answered, for at most 2 s.
 *
 * Why: since Pact JS 16.3 (pact-core 19), the Rust mock server queues each match and records it after
 * the response has gone out (pact-foundation/pact-core-mock-server#13). Under CPU load `executeTest`
 * then reads its state too early and fails with "expected but not received" for a request it answered
 * correctly; this failed a CI run of ours. Pact 16.2 has no race, but splits header values on commas,
 * which breaks the signature headers. Call this last inside `executeTest`. A real mismatch never turns
 * into a match, so it still fails, after the deadline.
 *
 * `PactV4` keeps its consumer handle in a private field; it is the handle the pending `executeTest` uses
 * until that test has finished.
 */
export async function untilMockServerRecorded(pact: PactV4, port: number): Promise<void> {
  const state = (pact as unknown as { pact: MatchState }).pact;
  const deadline = Date.now() + RECORDING_DEADLINE_MS;
  while (!state.mockServerMatchedSuccessfully(port) && Date.now() < deadline) {
    await sleep(POLL_INTERVAL_MS);
  }
}
