export * from './entities/index.js';
export * from './rosters.errors.js';
export * from './domain/generate-shifts.js';
export * from './domain/version-diff.js';
export * from './posts/posts.service.js';
export * from './rosters.module.js';
export * from './periods/periods.service.js';
export * from './periods/rule-check.service.js';
