import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'worker/**/*.test.ts',
            'web/**/*.test.ts',
            'transcoder/**/*.test.ts',
            'seeder/**/*.test.ts',
            'scripts/**/*.test.ts',
            'test/helpers/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/helpers/**'],
          environment: 'node',
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One instance of edgetube serves the whole project; files run one after another against it.
          fileParallelism: false,
        },
      },
    ],
  },
});
