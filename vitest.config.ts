import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'main/**/*.test.ts', 'shared/**/*.test.ts'],
    // Image and boot tests do real I/O on a 2-core machine: generous, never a timing assertion.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
