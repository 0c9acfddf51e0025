import fs from 'node:fs';
import { expect, test } from 'vitest';
import { chooseAccel } from './accel.ts';

test('the accelerator is decided by a probe, the reason is given, and the decision is kept', async () => {
  // Any x86_64 kernel will do; the host's own when there is one, else the probe cannot run KVM.
  const kernel = ['/boot/vmlinuz', ...(fs.existsSync('/boot') ? fs.readdirSync('/boot').filter((f) => f.startsWith('vmlinuz')).map((f) => `/boot/${f}`) : [])].find((f) => fs.existsSync(f)) ?? '/nonexistent';
  const a = await chooseAccel(kernel);
  expect(['kvm', 'tcg']).toContain(a.accel);
  expect(a.why.length).toBeGreaterThan(5);
  expect(await chooseAccel(kernel)).toBe(a);
});
