/** A contract that cannot be read or replayed as it stands; its message is one line for the user. */
export class ContractError extends Error {
  override readonly name = 'ContractError';
}
