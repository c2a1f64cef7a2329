/**
 * Starting some providers loads only their modules: the others' modules (their handlers, verifiers and
 * libraries, Ensuro's ethers among them) fail to load here, and the sandbox starts and answers regardless.
 */
import { startSandbox } from '../../../mocks/sandbox';
import { P, quoteBody, xcoverFetch } from '../../helpers/xcover';

jest.mock('../../../mocks/kasko/provider', () => {
  throw new Error('kasko loaded');
});
jest.mock('../../../mocks/ensuro/provider', () => {
  throw new Error('ensuro loaded');
});
jest.mock('../../../mocks/kigo/provider', () => {
  throw new Error('kigo loaded');
});
jest.mock('../../../mocks/kashier/provider', () => {
  throw new Error('kashier loaded');
});

it('start --only xcover loads no other provider, and answers a signed create-quote', async () => {
  const sandbox = await startSandbox({ only: ['xcover'], port: 0 });
  try {
    const response = await xcoverFetch(sandbox.providers.xcover!.url, 'POST', `${P}/quotes/`, quoteBody());
    expect(response.status).toBe(201);
  } finally {
    await sandbox.close();
  }
});

it('a config naming a provider that is not started loads that one to check its section', async () => {
  await expect(startSandbox({ only: ['xcover'], port: 0, config: { ensuro: {} } })).rejects.toThrow(
    'ensuro loaded',
  );
});
