import { expect, test } from 'vitest';
import { chooseAccel } from './accel.ts';

test('the accelerator is decided by a probe and the reason is given', async () => {
  const t0 = Date.now();
  const a = await chooseAccel();
  expect(['kvm', 'tcg']).toContain(a.accel);
  expect(a.why.length).toBeGreaterThan(5);
  expect(Date.now() - t0).toBeLessThan(6000);
  expect(await chooseAccel()).toBe(a);
});
