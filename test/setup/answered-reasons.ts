/**
 * Runs in every test file: listens to the reason codes the sandboxes actually answer (the runtime publishes
 * them on a diagnostics channel), fails the test that provoked an uncatalogued one, and leaves the codes
 * seen for the global teardown, which checks them against the catalogues.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { answeredReasons, type AnsweredReason } from '../../mocks/runtime/reason-channel';

const seen = new Set<string>();
const uncatalogued: string[] = [];

function onAnswer(message: unknown): void {
  const { provider, reason, catalogued } = message as AnsweredReason;
  seen.add(`${provider} ${reason}`);
  if (!catalogued) uncatalogued.push(`${provider}: ${reason}`);
}

beforeAll(() => answeredReasons.subscribe(onAnswer));

afterEach(() => {
  const found = uncatalogued.splice(0);
  expect(found).toEqual([]);
});

afterAll(() => {
  answeredReasons.unsubscribe(onAnswer);
  const dir = process.env.PARTNER_SANDBOX_REASONS_DIR;
  if (dir && seen.size > 0) appendFileSync(join(dir, `${process.pid}.txt`), `${[...seen].join('\n')}\n`);
});
