import { expect, test } from 'vitest';
import { benchCodecs } from './bench.ts';

// The goal is ≥ 1 Mpps on one core; a unit test only checks the measurement works, since a busy
// machine (or a coverage run) makes any threshold flaky. `npm run bench` reports the figure. The
// floor is on the CPU-time figure: with the unit files running in parallel beside QEMU guests, the
// wall-clock one has come out at 0.005 Mpps when the scheduler starved the fork.
test('benchCodecs measures frames per second', () => {
  const { mpps, cpuMpps } = benchCodecs(200);
  expect(mpps).toBeGreaterThan(0);
  expect(cpuMpps).toBeGreaterThan(0.01);
});
