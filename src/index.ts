/** What integrators import: per provider, the signer, the verifier, the typed client and the generated types. */
export * as xcover from './xcover';
