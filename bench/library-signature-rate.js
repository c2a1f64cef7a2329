'use strict';
// The raw rate of one library signature for bench/run.js: ethers `SigningKey.sign` (@noble/curves secp256k1,
// RFC 6979, low s) of a 32-byte digest with the sandbox's pricer key, as Ensuro's new-policy signs each quote.
// Digests differ from one call to the next (1,024 of them, drawn once), so nothing is answered twice.
// Usage: node bench/library-signature-rate.js <durationS> <warmupS>

const { randomBytes } = require('node:crypto');
const { SigningKey, hexlify } = require('ethers');
const { loadCompiled } = require('./lib');
const { measureAndPrint } = require('./rate');

const { HARDHAT_ACCOUNT_1 } = loadCompiled('src/ensuro/test-keys');
const digests = Array.from({ length: 1024 }, () => hexlify(randomBytes(32)));

measureAndPrint('library-signature-rate.js', (i) => {
  // A new SigningKey per call, as the sandbox's signer makes one per quote.
  if (new SigningKey(HARDHAT_ACCOUNT_1.privateKey).sign(digests[i % 1024]).r.length !== 66)
    throw new Error('SigningKey.sign: no signature');
});
