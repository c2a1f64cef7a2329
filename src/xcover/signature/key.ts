/** API credentials issued by XCover: the API key travels in keyId (and X-Api-Key); the secret never travels. */
export interface XCoverSigningKey {
  apiKey: string;
  apiSecret: string;
}

/**
 * An API key that can be carried in a quoted keyId and in an X-Api-Key header unchanged: visible ASCII and inner
 * spaces, no double quote, no leading/trailing space (header values are trimmed).
 */
const SENDABLE_API_KEY = /^[\x21\x23-\x7e](?:[\x20\x21\x23-\x7e]*[\x21\x23-\x7e])?$/;

export function isSendableApiKey(apiKey: string): boolean {
  return SENDABLE_API_KEY.test(apiKey);
}
