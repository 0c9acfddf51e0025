import { describe, expect, test } from 'vitest';
import { nicArgs } from './guest.ts';
import { PROFILES } from './profiles.ts';

const nics = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `eth${i}`, mac: `52:54:00:00:00:0${i}`, netdev: `socket,id=n${i},mcast=230.0.0.1:123${i}` }));
const devices = (args: string[]) => args.filter((_, i) => args[i - 1] === '-device');

describe('nicArgs', () => {
  test('malta: the first two NICs get PCI slots 18 and 20 (IRQ 10 and IRQ 11 on the 8259: no shared edge-triggered line), in NIC order', () => {
    for (const profile of [PROFILES['mipsel-malta'], PROFILES['mips-malta']]) {
      const d = devices(nicArgs(profile, nics(2)));
      expect(d).toEqual([
        'virtio-net-pci,netdev=n0,id=nic-eth0,mac=52:54:00:00:00:00,romfile=,addr=0x12',
        'virtio-net-pci,netdev=n1,id=nic-eth1,mac=52:54:00:00:00:01,romfile=,addr=0x14',
      ]);
    }
  });

  test('malta: three NICs in slots 18, 20, 21; more than the planned slots all left to QEMU (their order kept); other machines place none', () => {
    const addrs = (n: number) => devices(nicArgs(PROFILES['mipsel-malta'], nics(n))).map((x) => /addr=(\w+)/.exec(x)?.[1]);
    expect(addrs(3)).toEqual(['0x12', '0x14', '0x15']);
    expect(addrs(4)).toEqual([undefined, undefined, undefined, undefined]);
    for (const name of ['armv7-virt', 'aarch64-virt', 'x86_64'] as const) {
      expect(devices(nicArgs(PROFILES[name], nics(2))).some((x) => x.includes('addr='))).toBe(false);
    }
  });

  test('each NIC has its -netdev before its -device', () => {
    const a = nicArgs(PROFILES['x86_64'], nics(2));
    expect(a[0]).toBe('-netdev');
    expect(a[1]).toContain('id=n0');
    expect(a[2]).toBe('-device');
    expect(a[4]).toBe('-netdev');
  });
});
