import { expect, test } from 'vitest';
import { benchCodecs } from './bench.ts';

// The goal is ≥ 1 Mpps on one core; a unit test only checks the measurement works, since a busy
// machine (or a coverage run) makes any threshold flaky. `npm run bench` reports the figure.
test('benchCodecs measures frames per second', () => {
  const { mpps } = benchCodecs(200);
  expect(mpps).toBeGreaterThan(0.01);
});
