// Two projects: unit tests sit beside the code they test and need no guests; system cases under
// cases/ boot real QEMU guests, so they get long timeouts and one fork per file (a fork lives as
// long as the labs it spawns, which the parent-death signal of every guest relies on).
import { defineConfig } from 'vitest/config';
import { NetrigJUnitReporter } from './harness/report/junit.ts';
import { NetrigReporter } from './harness/report/reporter.ts';

export default defineConfig({
  test: {
    pool: 'forks',
    // Case files run two at a time whatever the core count (vitest's default is cores − 1, one
    // file at a time on a 2-core machine): a lab's guests spend most of a case waiting on the
    // network's timers (RA intervals, PPP and DHCP retransmissions), so two labs overlap well.
    // NETRIG_WORKERS overrides it.
    maxWorkers: Number(process.env.NETRIG_WORKERS) || 2,
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
