// Nest 12 is ESM-only: Jest runs in ESM mode (node --experimental-vm-modules), see README.
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^@anw/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  testEnvironment: 'node',
  rootDir: '.',
};

export default {
  // Booting the API and logging in (argon2) takes seconds on a loaded 2-core machine.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    // The int and e2e tiers expect a migrated database: scripts/test.sh builds and migrates first.
    { ...common, displayName: 'int', testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
  ],
};
