/**
 * `partner-sandbox verify --provider ensuro` signs policy calls with HMAC by default and with EIP-191 when the
 * config's `clientSigning` says so; either way every interaction of the committed contract passes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from '../../../mocks/cli/verify';
import { ensuroProvider } from '../../../mocks/ensuro/provider';
import { journal, startTestSandbox } from '../../helpers/sandbox';

async function verifyEnsuro(url: string, config?: unknown) {
  const flags = new Map<string, string>([
    ['provider', 'ensuro'],
    ['base-url', url],
  ]);
  if (config !== undefined) {
    const file = join(mkdtempSync(join(tmpdir(), 'ensuro-verify-')), 'config.json');
    writeFileSync(file, JSON.stringify(config));
    flags.set('config', file);
  }
  const stdout: string[] = [];
  const code = await verify(flags, {
    providers: [ensuroProvider],
    stdout: (text) => stdout.push(text),
    stderr: (text) => stdout.push(text),
    stopSignal: () => Promise.resolve(),
  });
  return { code, stdout: stdout.join('') };
}

describe.each([
  ['HMAC by default', undefined, 'hmac'],
  ['EIP-191 when the config says so', { ensuro: { clientSigning: 'eip191' } }, 'eip191'],
])('partner-sandbox verify --provider ensuro signs with %s', (_name, config, method) => {
  it('passes every interaction, each policy call signed that way', async () => {
    const { url, server } = await startTestSandbox(ensuroProvider);
    try {
      const result = await verifyEnsuro(url, config);
      expect(result.stdout).toContain('6 passed, 0 failed');
      expect(result.code).toBe(0);
      const policyCalls = (await journal(url)).filter((entry) => entry.path.endsWith('-policy'));
      expect(policyCalls).toHaveLength(5);
      for (const entry of policyCalls)
        expect(entry.checked).toMatchObject({ auth: { EnsuroBodySignature: { method } } });
    } finally {
      await server.close();
    }
  });
});
