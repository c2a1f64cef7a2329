import { MessagePrefix } from 'ethers';
import { keccak256Hex } from './keccak';

const PREFIX = Buffer.from(MessagePrefix);

/**
 * The EIP-191 personal-message hash, as ethers `hashMessage` answers it: Keccak-256 of the prefix, the message's
 * length in bytes as decimal text, and the message (a string is taken as UTF-8). Built from Node's buffers and the
 * local Keccak: ethers round-trips the bytes through hex twice, which cost as much as the hash itself.
 */
export function eip191Hash(message: string | Uint8Array): string {
  const bytes = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  return keccak256Hex(Buffer.concat([PREFIX, Buffer.from(String(bytes.length)), bytes]));
}
