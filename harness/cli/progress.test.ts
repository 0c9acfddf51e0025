// The parts of `netrig test`'s progress that need no run: what is booting, read from the labs'
// lines as they arrive (in pieces, coloured or not), and the clock. A run drives the whole
// reporter in cases/cli/cli.test.ts, in a pseudo-terminal and in a pipe.
import { describe, expect, test } from 'vitest';
import { clock, Labs } from './progress.ts';

describe('what is booting, from the labs\' lines', () => {
  test('a guest boots from its QEMU start line until it says it is ready', () => {
    const labs = new Labs();
    labs.read('[lan-mipsel] router: router-mipsel on mipsel-malta, TCG (mipsel-malta is emulated)\n');
    labs.read('[pppoe-arm64] border: border-x86_64 on x86_64-q35, KVM (/dev/kvm is usable)\n');
    expect(labs.booting(Date.now())).toEqual([
      expect.stringMatching(/^lan-mipsel: router \(router-mipsel on mipsel-malta, TCG\) 0\.\d s$/),
      expect.stringMatching(/^pppoe-arm64: border \(border-x86_64 on x86_64-q35, KVM\) 0\.\d s$/),
    ]);
    labs.read('[lan-mipsel] router: ready in 9.9 s\n');
    expect(labs.booting(Date.now())).toEqual([expect.stringMatching(/^pppoe-arm64: border/)]);
    labs.read('[pppoe-arm64] border: resumed from snapshot in 0.41 s\n');
    expect(labs.booting(Date.now())).toEqual([]);
  });

  test('lines split across writes, coloured, or not a lab\'s are handled', () => {
    const labs = new Labs();
    labs.read('\x1b[2m[lan-armhf] rou');
    expect(labs.booting(Date.now())).toEqual([]);
    labs.read('ter: router-armhf on armhf-virt, TCG (emulated)\x1b[0m\nfixtures: router/armhf: cached\n');
    labs.read(' ✓ |system| cases/lab/boot.test.ts (4 tests) 11242ms\n[0:12] run  lab core › boots\n');
    expect(labs.booting(Date.now())).toEqual([expect.stringMatching(/^lan-armhf: router \(router-armhf on armhf-virt, TCG\)/)]);
    labs.clear();
    expect(labs.booting(Date.now())).toEqual([]);
  });
});

test('the clock reads minutes:seconds', () => {
  expect([0, 999, 7_000, 83_500, 725_000].map(clock)).toEqual(['0:00', '0:00', '0:07', '1:23', '12:05']);
});
