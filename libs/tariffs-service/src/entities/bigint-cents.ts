import type { ValueTransformer } from 'typeorm';

/** bigint columns of cents: PostgreSQL returns them as text; sums of a period stay well inside 2^53. */
export const BIGINT_CENTS: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
