/**
 * Helpers for the Ensuro mock's HTTP tests: the sandbox with every answer checked against the spec, and a fetch
 * that sends `x-api-key` and signs policy bodies with the project's own signers.
 */
import type { Settings } from '../../mocks/runtime/provider';
import { ensuroProvider } from '../../mocks/ensuro/provider';
import { bodySignatureHeaders, type EnsuroBodySigning } from '../../src/ensuro/body-signer';
import { useTestSandbox } from './sandbox';

export const PARTNER = 'example';
export const API_KEY = 'ensuro_test_api_key';
export const HMAC_SECRET = 'ensuro_test_hmac_secret';
export const SIGNER = ensuroProvider.defaultCredentials as Readonly<Record<string, string>>;
export const EIP191: EnsuroBodySigning = { method: 'eip191', privateKey: SIGNER.signerPrivateKey as string };
export const HMAC: EnsuroBodySigning = { method: 'hmac', secret: HMAC_SECRET };
export const BASE = `/api/v0/${PARTNER}`;

export interface EnsuroCallOptions {
  readonly signing?: EnsuroBodySigning | 'none';
  readonly apiKey?: string | null;
  readonly raw?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly method?: string;
}

export function useEnsuroSandbox(settings: Partial<Settings> = {}) {
  const sandbox = useTestSandbox(ensuroProvider, { settings });
  return {
    get url() {
      return sandbox().url;
    },
    get sandbox() {
      return sandbox();
    },
    /** POSTs `body` to `/api/v0/example/<operation>`, signed with EIP-191 unless told otherwise. */
    call(operation: string, body: unknown, options: EnsuroCallOptions = {}): Promise<Response> {
      const raw = options.raw ?? JSON.stringify(body);
      const signing = options.signing ?? EIP191;
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        ...(options.apiKey === null ? {} : { 'x-api-key': options.apiKey ?? API_KEY }),
        ...(signing === 'none' ? {} : bodySignatureHeaders(raw, signing)),
        ...options.headers,
      };
      const path = operation === '' ? BASE : `${BASE}/${operation}`;
      return fetch(`${sandbox().url}${path}`, { method: options.method ?? 'POST', headers, body: raw });
    },
  };
}

/** A policy request `days` from the sandbox clock's now. */
export function policyBody(nowMs: number, days = 30, payout: string | number = '190.25') {
  return {
    payout,
    expiration: Math.floor(nowMs / 1000) + days * 86_400,
    data: { internal_id: 'ac3b3fe475' },
  };
}
