/** A field of an `abi.encodePacked` message as Ensuro's signed messages use them. */
export type PackedField =
  readonly ['address' | 'bytes32', string] | readonly ['uint256' | 'uint40', bigint | number];

const HEX_LENGTH = { address: 40, bytes32: 64, uint256: 64, uint40: 10 } as const;
const SHAPE = { address: /^0x[0-9a-fA-F]{40}$/, bytes32: /^0x[0-9a-fA-F]{64}$/ } as const;

/**
 * `abi.encodePacked` of the fields, as 0x lower-case hex: what ethers `solidityPacked` answers for these types,
 * written out because its generic encoder showed in every new-policy's profile. Refuses, as it does, a value that is
 * not of its type or does not fit.
 */
export function encodePacked(fields: readonly PackedField[]): string {
  let hex = '0x';
  for (const [type, value] of fields) {
    const length = HEX_LENGTH[type];
    if (type === 'address' || type === 'bytes32') {
      if (typeof value !== 'string' || !SHAPE[type].test(value)) {
        throw new TypeError(`${String(value)} is no ${type}`);
      }
      hex += value.slice(2).toLowerCase();
    } else {
      const big = BigInt(value);
      if (big < 0n || big >= 1n << BigInt(length * 4)) throw new RangeError(`${big} does not fit a ${type}`);
      hex += big.toString(16).padStart(length, '0');
    }
  }
  return hex;
}
