import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['lib/**/*.test.ts', 'functions/**/*.test.ts', 'test/**/*.test.ts'],
    benchmark: {
      include: ['lib/**/*.bench.ts', 'functions/**/*.bench.ts', 'test/**/*.bench.ts'],
    },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/helpers/plain-summary-reporter.ts'],
  },
});
