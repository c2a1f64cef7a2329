import type { SettingDefinition, Settings } from './provider';
import { WEB_URL_FORMAT } from './web-url';
import { WEBHOOK_TIMEOUT_MS } from './webhooks/outbox';

/**
 * Settings every provider with state or notifications declares, defined once so they mean and range the
 * same everywhere: the byte budget of the provider's state, and where its notifications go.
 */

const MIB = 1024 * 1024;

/** `maxStateBytes`: how many bytes (estimated, an upper bound) the provider's state may hold, 1 MiB to 1 GiB. */
export function maxStateBytesSetting(what: string, defaultBytes = 64 * MIB): SettingDefinition {
  return {
    default: defaultBytes,
    schema: { type: 'integer', minimum: MIB, maximum: 1024 * MIB },
    description: `How many bytes (estimated: an upper bound of the heap they hold) ${what} may take together; past that the oldest are forgotten, whatever the bodies’ sizes.`,
  };
}

/** The byte budget of one of `parts` stores that share `maxStateBytes` equally. */
export function stateBytesOf(settings: Settings, parts = 1): number {
  return Math.max(1, Number(settings.maxStateBytes) / parts || Number.POSITIVE_INFINITY);
}

/** `webhookUrl`: where notifications are POSTed, an http(s) URL; empty (the default) sends none. */
export function webhookUrlSetting(description: string): SettingDefinition {
  return {
    default: '',
    schema: { type: 'string', maxLength: 2048, anyOf: [{ const: '' }, { format: WEB_URL_FORMAT }] },
    description: `${description} An http(s) URL (WHATWG URL rules, port 1 to 65535); empty (the default): none are sent.`,
  };
}

/** The configured `webhookUrl`, or undefined when notifications go nowhere. */
export function configuredWebhookUrl(settings: Settings): string | undefined {
  const url = settings.webhookUrl;
  return typeof url === 'string' && url !== '' ? url : undefined;
}

/**
 * `webhookTimeoutMs`: how long one notification attempt waits for the receiver's status; also the longest a
 * clock move or a flush waits for the attempts it made due.
 */
export function webhookTimeoutSetting(): SettingDefinition {
  return {
    default: WEBHOOK_TIMEOUT_MS.default,
    schema: { type: 'integer', minimum: WEBHOOK_TIMEOUT_MS.min, maximum: WEBHOOK_TIMEOUT_MS.max },
    description:
      'Milliseconds one notification attempt waits for the receiver’s status (then it fails and is retried); a clock move or `POST /__sandbox/webhooks/flush` waits at most this long for the attempts it made due and names those still in flight.',
  };
}

/** The configured per-attempt timeout, or undefined (the outbox default) where the provider declares none. */
export function webhookTimeoutOf(settings: Settings): number | undefined {
  const timeout = settings.webhookTimeoutMs;
  return typeof timeout === 'number' ? timeout : undefined;
}
