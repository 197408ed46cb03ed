export * from './entities/index.js';
export * from './tariffs.errors.js';
export * from './tariff-tables.service.js';
export * from './pay-policy.service.js';
export * from './statements.service.js';
export * from './tariff-revisions.service.js';
export * from './payroll-export.js';
export * from './tariffs-service.module.js';
