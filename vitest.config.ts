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
    // Case files run one more at a time than there are cores (vitest's default is cores − 1, one
    // file at a time on a 2-core machine): a lab's guests spend much of a case waiting on the
    // network's timers (RA intervals, PPP, L2TP and DHCP retransmissions), so labs overlap well.
    // On this 2-core machine the suite took 519 s with two files at a time (1.48 cores busy) and
    // 423 s with three. Bounded by memory too: 2 GiB a worker (a lab's guests take ~0.7 GiB).
    // NETRIG_WORKERS overrides it.
    maxWorkers: Number(process.env.NETRIG_WORKERS) || Math.max(1, Math.min(os.availableParallelism() + 1, Math.floor(os.totalmem() / 2 ** 31))),
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
