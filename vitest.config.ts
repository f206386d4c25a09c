import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Image and boot tests do real I/O on a 2-core machine: generous, never a timing assertion.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts', 'main/**/*.test.ts', 'shared/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/e2e/**', 'test/renderer/**'],
        },
      },
      // The wizard's components, rendered in jsdom.
      {
        extends: true,
        plugins: [react()],
        test: { name: 'renderer', include: ['test/renderer/**/*.test.{ts,tsx}'], environment: 'jsdom', setupFiles: ['test/renderer/setup.ts'] },
      },
      // Chromium driving the built renderer through the browser harness (needs `npm run build` first).
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] },
      },
    ],
  },
});
