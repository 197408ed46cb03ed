export * from './distribution-run.entity.js';
export * from './distribution.errors.js';
export * from './distribution.service.js';
export * from './distribution-service.module.js';
export * from './distribution-worker.module.js';
export * from './instance-builder.js';
export * from './wish-report.service.js';
