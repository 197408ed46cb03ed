export * from './audit-chain.js';
export * from './audit-trail.js';
export * from './entities/audit-record.entity.js';
export * from './entities/outbox-event.entity.js';
