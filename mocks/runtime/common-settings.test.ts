import {
  configuredWebhookUrl,
  maxStateBytesSetting,
  stateBytesOf,
  webhookUrlSetting,
} from './common-settings';
import { validateSettings } from './settings-schema';
import type { AnyProviderDefinition } from './provider';

const provider = {
  name: 'toy',
  defaultCredentials: {},
  settings: {
    maxStateBytes: maxStateBytesSetting('widgets'),
    webhookUrl: webhookUrlSetting('Where widgets go.'),
  },
} as unknown as AnyProviderDefinition;

describe('common settings', () => {
  it('range the byte budget from 1 MiB to 1 GiB and split it between stores', () => {
    expect(() => validateSettings(provider, { maxStateBytes: 1024, webhookUrl: '' })).toThrow(
      /maxStateBytes/,
    );
    expect(() => validateSettings(provider, { maxStateBytes: 2 ** 20, webhookUrl: '' })).not.toThrow();
    expect(stateBytesOf({ maxStateBytes: 3 * 2 ** 20 }, 3)).toBe(2 ** 20);
  });

  it('take an http(s) webhook URL or none, and say which is in force', () => {
    const bytes = { maxStateBytes: 2 ** 20 };
    expect(() => validateSettings(provider, { ...bytes, webhookUrl: 'ftp://x' })).toThrow(/webhookUrl/);
    // Issue 17: parsed as the outbox will parse it, so a port out of range or a script is refused at start.
    for (const webhookUrl of ['http://x.example:99999/h', 'javascript:alert(1)', 'http://x.example/ h']) {
      expect(() => validateSettings(provider, { ...bytes, webhookUrl })).toThrow(
        'toy.webhookUrl must be empty or an http(s) URL (WHATWG URL rules, port 1 to 65535, no whitespace)',
      );
    }
    expect(() => validateSettings(provider, { ...bytes, webhookUrl: 'http://127.0.0.1:9/h' })).not.toThrow();
    expect(configuredWebhookUrl({ webhookUrl: '' })).toBeUndefined();
    expect(configuredWebhookUrl({ webhookUrl: 'https://x.example/h' })).toBe('https://x.example/h');
  });
});
