export * from './hds-settings.js';
export * from './hds-settings.errors.js';
export * from './hds-settings-version.entity.js';
export * from './hds-settings.service.js';
export * from './hds-settings.module.js';
