/**
 * A policy's id on chain: the risk module's address in the high bits and the low 96 bits of the quote's
 * data_hash (RiskModule `_makeInternalId`), printed as a decimal string.
 */
export function ensuroIdOf(riskModule: string, dataHash: string): string {
  return ((BigInt(riskModule) << 96n) | (BigInt(dataHash) & ((1n << 96n) - 1n))).toString();
}
