export type DistributionErrorCode = 'invalid_instance';

/** A roster instance that is malformed or inconsistent; `field` names where, e.g. `shifts[3].end`. */
export class InstanceError extends Error {
  override readonly name = 'InstanceError';
  readonly code: DistributionErrorCode = 'invalid_instance';

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
