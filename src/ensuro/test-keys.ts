/**
 * Well-known public test keys (Hardhat's default accounts #0 and #1, published with the tool): never real
 * keys. Account #0 signs policy calls as the partner; account #1 is the sandbox's pricer.
 */
export const HARDHAT_ACCOUNT_0 = {
  privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
} as const;

export const HARDHAT_ACCOUNT_1 = {
  privateKey: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
} as const;
