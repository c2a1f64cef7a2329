import { secp256k1 } from '@noble/curves/secp256k1';
import { Signature } from 'ethers';

export type SignatureParse =
  { readonly ok: true; readonly signature: Signature } | { readonly ok: false; readonly detail: string };

const JOINED = /^0x[0-9a-f]{130}$/;
const WORD = /^0x[0-9a-fA-F]{64}$/;

const fail = (detail: string): SignatureParse => ({ ok: false, detail });

/**
 * What Ethereum refuses of r and s (128 hex characters, no `0x`), as @noble/curves parses them: each must lie
 * between 1 and the curve order minus 1, and s must be low (at most half the order: EIP-2, OpenZeppelin's
 * `ECDSA.recover`, and every signature ethers, web3 and eth_account produce).
 */
function rangeProblem(rs: string): string | undefined {
  let parsed: ReturnType<typeof secp256k1.Signature.fromCompact>;
  try {
    parsed = secp256k1.Signature.fromCompact(rs);
  } catch {
    return 'has r or s outside 1 to the curve order minus 1';
  }
  return parsed.hasHighS() ? 'has a high s (above half the curve order), which Ethereum refuses' : undefined;
}

/**
 * A joined signature as ethers `signMessage` returns it, read strictly: `0x` + r + s + v in 130 lower-case hex
 * characters, v 27 or 28 (`1b` / `1c`: not 0 / 1, not an EIP-155 value), r and s in range, s low. `detail` says
 * what is wrong, after "the signature".
 */
export function parseJoinedSignature(value: string): SignatureParse {
  if (!JOINED.test(value)) return fail('is not 0x followed by 130 lower-case hex characters (r, s, v)');
  const v = Number.parseInt(value.slice(130), 16);
  if (v !== 27 && v !== 28) return fail(`has v = ${v}; v must be 27 (1b) or 28 (1c)`);
  const problem = rangeProblem(value.slice(2, 130));
  return problem === undefined ? { ok: true, signature: Signature.from(value) } : fail(problem);
}

/** An EIP-2098 compact signature (`r`, `vs` = yParity << 255 | s) read as strictly: r and s in range, s low. */
export function parseCompactSignature(r: string, vs: string): SignatureParse {
  if (!WORD.test(r) || !WORD.test(vs))
    return fail('has an r or vs that is not 0x followed by 64 hex characters');
  const signature = Signature.from({ r, yParityAndS: vs });
  const problem = rangeProblem(`${signature.r.slice(2)}${signature.s.slice(2)}`);
  return problem === undefined ? { ok: true, signature } : fail(problem);
}
