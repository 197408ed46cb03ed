export * from './region.entity.js';
export * from './hds.entity.js';
export * from './user.entity.js';
export * from './membership.entity.js';
export * from './idempotency-key.entity.js';
