'use strict';
// The raw rate of ethers `verifyMessage` for bench/run.js: what a signed EIP-191 new-policy adds to an HMAC one
// (one recovery per request). Recovers the bench's own X-EIP191-Signature (the same message, the body's hex
// SHA-256, and key) in a loop. Usage: node bench/verify-message-rate.js <durationS> <warmupS>

const { verifyMessage } = require('ethers');
const { createEnsuroRequests } = require('./lib');
const { measureAndPrint } = require('./rate');

const { digestHex, signature, signerAddress } = createEnsuroRequests().eip191Message;

// Every result is checked: a wrong address would measure nothing useful.
measureAndPrint('verify-message-rate.js', () => {
  if (verifyMessage(digestHex, signature) !== signerAddress) throw new Error('verifyMessage: wrong address');
});
