import { defineConfig } from 'vitest/config';

/** Workers for the unit tests and the builds beside them (vitest requires one value per group). */
const GROUP_0_WORKERS = 3;

export default defineConfig({
  test: {
    testTimeout: 30_000,
    pool: 'forks',
    // Commands the tests start run the checked-out sources, never a build in dist/ that may be
    // older (bin/callflow.js; test/package/ tests the build).
    env: { CALLFLOW_RUN_FROM: 'source' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['engine/**/*.test.ts', 'test/**/*.test.ts', 'editor/src/**/*.test.ts'],
          // test/image/ and test/package/ are the 'builds' project below.
          exclude: ['test/e2e/**', 'test/e2e-graph/**', 'test/durability/**', 'test/image/**', 'test/package/**', '**/node_modules/**'],
          // One throwaway redis-server for the run (its URL: inject('redisUrl')). Every worker trusts
          // the emulator tests' CA and a per-run test CA (NODE_EXTRA_CA_CERTS is read only at process
          // start). test-ca.ts runs last and bundles both in its own per-run folder, so test runs
          // started side by side never overwrite each other's trust file.
          globalSetup: ['test/support/redis-global-setup.ts', 'test/helpers/emulator-global-setup.ts', 'test/support/test-ca.ts'],
          // Set, not left to the default: a project without a group order runs after all that have one.
          sequence: { groupOrder: 0 },
          // Workers of the group (this project and 'builds' must say the same). vitest's default,
          // one per core but one, runs a single file at a time on 2 cores: the two builds took it
          // for two minutes, then the unit files ran one by one. With three, one unit file runs
          // beside the builds (which mostly wait on podman and npm, at nice 10), then three at once.
          maxWorkers: GROUP_0_WORKERS,
        },
      },
      {
        // Builds that take minutes of mostly waiting on podman, npm and their compilers: the container
        // image with a call through it, and the package installed into a repository made by
        // `callflow init`. Beside the unit tests (which are short and not timing-sensitive) rather than
        // beside the browser or the engine processes of the later projects; their builds run at nice 10.
        // Not `fileParallelism: false`: vitest runs such a project's files after every group.
        extends: true,
        test: {
          name: 'builds',
          include: ['test/image/**/*.test.ts', 'test/package/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 1_200_000,
          sequence: { groupOrder: 0 },
          maxWorkers: GROUP_0_WORKERS,
        },
      },
      {
        // The engine and the emulator as separate processes over HTTPS; each file runs its own pair.
        // Its calls mostly wait for the engine's real-time timers, so more of them run at once than
        // vitest's default of 5. After the unit tests rather than beside them: sped-up Graph timings
        // (a 1.5 s answer window) do not survive two suites fighting over a 2-core machine.
        // Three files at a time: alone, one file keeps about two thirds of one core busy (245 s of
        // wall time for 156 s of CPU); three at once took 108–110 s in four runs on 2 cores, two 136 s.
        extends: true,
        test: {
          name: 'e2e-graph',
          include: ['test/e2e-graph/**/*.test.ts'],
          globalSetup: ['test/e2e-graph/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          maxConcurrency: 16,
          maxWorkers: 3,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Browsers after the other projects: Chromium next to other heavy tests on a small CI machine
        // would slow both down. Two files at a time: a file mostly waits on the page and the engine
        // (one at a time took 329 s, two 240–252 s in three runs; three gained nothing).
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // The emulator's certificates too: replaying a real call runs the engine and the emulator.
          globalSetup: ['test/e2e/global-setup.ts', 'test/e2e-graph/global-setup.ts'],
          maxWorkers: 2,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 2 },
        },
      },
      {
        // Engines killed and restarted, several engines on one Redis: processes that need the
        // machine to themselves, so they run last and one file at a time.
        extends: true,
        test: {
          name: 'durability',
          include: ['test/durability/**/*.test.ts'],
          globalSetup: ['test/support/redis-global-setup.ts', 'test/e2e-graph/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
