export * from './entities/index.js';
export * from './auth/auth.service.js';
export * from './auth/access.guard.js';
export * from './auth/decorators.js';
export * from './auth/principal.js';
export * from './identity.errors.js';
export * from './identity.module.js';
export * from './idempotency.interceptor.js';
