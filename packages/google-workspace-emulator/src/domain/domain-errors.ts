/** A mutation of the emulated domain that Google itself would refuse (conflict, unknown key). */
export class DomainStateError extends Error {
  constructor(
    readonly kind: 'not-found' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'DomainStateError';
  }
}
