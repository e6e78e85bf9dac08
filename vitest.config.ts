import { defineConfig } from 'vitest/config';

// Two projects: fast in-process tests run in parallel; tests that go through the one
// machine-wide pcscd share its two vpcd readers, so they run one file at a time.
export default defineConfig({
  test: {
    reporters: ['default', './test/reporters/closingLine.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['device/**/*.test.ts', 'sim/**/*.test.ts', 'kiosk/**/*.test.ts', 'server/**/*.test.ts', 'test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'pcsc',
          include: ['test/pcsc/**/*.test.ts', 'test/conformance/**/*.test.ts'],
          globalSetup: ['test/pcsc/pcscdGlobalSetup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
