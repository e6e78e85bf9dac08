import { configDefaults, defineConfig } from 'vitest/config';

// Two projects: fast in-process tests run in parallel; tests that go through the one
// machine-wide pcscd share its two vpcd readers, so they run one file at a time.
export default defineConfig({
  test: {
    reporters: ['default', './test/reporters/closingLine.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['device/**/*.test.ts', 'sim/**/*.test.ts', 'kiosk/**/*.test.ts', 'server/**/*.test.ts', 'protocol/**/*.test.ts', 'jpki/**/*.test.ts', 'foundation/**/*.test.ts', 'app/**/*.test.ts', 'matching/**/*.test.ts', 'linkage/**/*.test.ts', 'terminal/**/*.test.ts', 'test/terminal/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/bench/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/model/**/*.test.ts'],
          // Several instances on one database, and a PostgreSQL connection cut, exist only on PostgreSQL: the service-postgres project's.
          exclude: [...configDefaults.exclude, 'test/integration/serviceInstances.test.ts', 'test/integration/postgresStore.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        // The service suite again, on PostgreSQL (one private cluster for the run; each test service gets
        // its own database), plus the tests of several instances on one database. SQLite-only tests stay in unit.
        test: {
          name: 'service-postgres',
          include: ['server/**/*.test.ts', 'protocol/**/*.test.ts', 'test/integration/serviceInstances.test.ts', 'test/integration/postgresStore.test.ts', 'test/integration/revocationByCrl.test.ts', 'test/integration/smartphoneCheckIn.test.ts'],
          exclude: [...configDefaults.exclude, 'server/db/GroupCommit.test.ts', 'server/db/SqliteServiceDatabase.test.ts', 'server/db/postgresMigrations.test.ts'],
          env: { MYNA_TEST_SERVICE_STORE: 'postgres' },
          globalSetup: ['test/harness/postgresGlobalSetup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'pcsc',
          // test/hardware: the whole kiosk on the PC/SC path, driven through its pages in Chromium.
          include: ['test/pcsc/**/*.test.ts', 'test/conformance/**/*.test.ts', 'test/hardware/**/*.test.ts'],
          globalSetup: ['test/pcsc/pcscdGlobalSetup.ts', 'test/browser/buildUiGlobalSetup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The real node-hid adapter against a uhid device: this kernel has no uhid, so the test boots
        // a QEMU guest (TCG) that has; one boot of about 15 s, plus ~20 s of setup on a fresh machine.
        test: {
          name: 'hid',
          include: ['test/hid/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The screens in Debian's Chromium (playwright-core, no browser download); the UI is built first when stale.
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/buildUiGlobalSetup.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
