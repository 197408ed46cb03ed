// Helpers for benchmarks that need roster instances: `generateInstance('L', seed)` and the MIP oracle.
export { type GeneratedInstance, type InstanceSize, SIZES, generateInstance } from './generate-instance.js';
export { type MipOutcome, minMaxDeviationMip } from './min-max-mip.js';
export { type GeneratedInstance11, withWishes, withoutPreferences } from './generate-wishes.js';
