export * from './data-source.js';
export * from './entities.js';
export * from './database.module.js';
