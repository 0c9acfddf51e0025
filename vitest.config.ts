// Two projects: unit tests sit beside the code they test and need no guests; system cases under
// cases/ boot real QEMU guests, so they get long timeouts and one fork per file (a fork lives as
// long as the labs it spawns, which the parent-death signal of every guest relies on).
import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { NetrigJUnitReporter } from './harness/report/junit.ts';
import { NetrigReporter } from './harness/report/reporter.ts';

export default defineConfig({
  test: {
    pool: 'forks',
    // Case files run two at a time (vitest's default on 2 cores is one): a lab's guests spend much
    // of a case waiting on the network's timers, so two labs overlap well. Three at a time on this
    // 2-core machine took the suite from 519 s to ~440 s, but slowed the guests enough that
    // PPPOE-8's redial on arm64 went from ~10 s to 24–34 s against its 30 s bound (3 failures in
    // 9 full runs): two stay the default until that redial is faster. Bounded by memory too (2 GiB
    // a worker); NETRIG_WORKERS overrides it.
    maxWorkers: Number(process.env.NETRIG_WORKERS) || Math.max(1, Math.min(2, Math.floor(os.totalmem() / 2 ** 31))),
    // The run's report (artifacts/<run>/report/) and JUnit (artifacts/<run>/junit.xml, a suite per image).
    reporters: ['default', new NetrigReporter({ requirements: 'cases/requirements.ts' }), new NetrigJUnitReporter()],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['harness/**/*.test.ts', 'peers/**/*.test.ts', 'fixtures/**/*.test.ts', 'topologies/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'system',
          include: ['cases/**/*.test.ts'],
          setupFiles: ['harness/vitest/matchers.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          pool: 'forks',
          globalSetup: ['harness/vitest/global-setup.ts'],
        },
      },
    ],
  },
});
