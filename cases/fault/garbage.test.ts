// Garbage on every segment: random bytes, runts, valid frames cut short or with bits flipped,
// and well-addressed Ethernet headers (to the router, to broadcast and multicast, with the
// EtherTypes the rig decodes) over random payloads, on access, lan and world at once. The rig must
// keep running — the frame relay passes every one and keeps going, the hosts that receive them
// decode them without throwing — and the router must still route LAN → world afterwards, over
// IPv4 and IPv6. The frames come from a seeded generator; the seed is in the case's title.
import { afterAll, describe, expect, test } from 'vitest';
import {
  decodeFrame,
  dhcp4Discover,
  dhcp6Solicit,
  encodeFrame,
  padi,
  routerAdvertisement,
  routerSolicitation,
  tcpSyn,
  type FrameInit,
} from '../../harness/packets/index.ts';
import { images, useTopology } from '../../harness/vitest/topology.ts';
import { ipoe } from '../../topologies/ipoe.ts';
import { WORLD } from '../../topologies/world.ts';
import { macOf, onlineLanClient, type LanClient } from '../support/wan.ts';

const SEED = Number(process.env.NETRIG_GARBAGE_SEED ?? 0x6e657472);
const PER_SEGMENT = 300;
const GARBAGE_MAC = '52:54:00:6a:6b:01';

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` frames of garbage for a segment where `targets` are the MACs worth hitting. */
function garbage(n: number, rand: () => number, targets: string[]): Buffer[] {
  const int = (max: number) => Math.floor(rand() * max);
  const bytes = (len: number) => Buffer.from(Array.from({ length: len }, () => int(256)));
  const pick = <T>(xs: T[]) => xs[int(xs.length)];
  const macs = [...targets, 'ff:ff:ff:ff:ff:ff', '33:33:00:00:00:01', '33:33:00:01:00:02', '01:00:5e:00:00:01'];
  const valid: FrameInit[] = [
    routerAdvertisement({ mac: GARBAGE_MAC, lifetime: 1800, prefixes: ['3fff:6a6b::/64'], rdnss: ['3fff:6a6b::1'], dnssl: ['garbage.test'] }),
    routerSolicitation({ mac: GARBAGE_MAC }),
    dhcp4Discover({ mac: GARBAGE_MAC }),
    dhcp6Solicit({ mac: GARBAGE_MAC, iaPd: true }),
    tcpSyn({ mac: GARBAGE_MAC, dstMac: targets[0], src: '3fff:6a6b::2', dst: '3fff:6a6b::3', dstPort: 80 }),
    tcpSyn({ mac: GARBAGE_MAC, dstMac: targets[0], src: '10.99.0.2', dst: '10.99.0.3', dstPort: 80 }),
    padi({ mac: GARBAGE_MAC }),
  ];
  const encoded = valid.map((f) => Buffer.from(encodeFrame(f)));
  const header = (dst: string, type: number) => {
    const h = Buffer.alloc(14);
    Buffer.from(dst.replace(/:/g, ''), 'hex').copy(h, 0);
    Buffer.from(GARBAGE_MAC.replace(/:/g, ''), 'hex').copy(h, 6);
    h.writeUInt16BE(type, 12);
    return h;
  };
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    switch (i % 5) {
      case 0: // random bytes, runts included (but never empty: see the report on 0-byte datagrams)
        out.push(bytes(1 + int(1514)));
        break;
      case 1: {
        const f = pick(encoded);
        out.push(Buffer.from(f.subarray(0, 1 + int(f.length - 1))));
        break;
      }
      case 2: {
        const f = Buffer.from(pick(encoded));
        for (let k = 0, flips = 1 + int(8); k < flips; k++) f[14 + int(f.length - 14)] ^= 1 << int(8);
        out.push(f);
        break;
      }
      default:
        out.push(Buffer.concat([header(pick(macs), pick([0x0800, 0x86dd, 0x0806, 0x8863, 0x8864, 0x8100, 0x88a8, int(0x10000)])), bytes(int(1500))]));
    }
  }
  return out;
}

describe.each(images())('garbage frames on $label', (image) => {
  const topo = useTopology(ipoe, image);
  let client: LanClient | undefined;
  afterAll(() => client?.host.close());

  test(`garbage on access, lan and world (${PER_SEGMENT} frames each, seed ${SEED.toString(16)}): the relay and the hosts keep running, and the router still routes LAN → world over IPv4 and IPv6`, async () => {
    const { router, border, segments, hosts } = topo();
    client = await onlineLanClient(topo);
    const c = client;
    const rand = prng(SEED);
    const targets = {
      access: [macOf(router, 'wan'), macOf(border!, 'access')],
      lan: [macOf(router, 'lan'), c.host.mac],
      world: [macOf(border!, 'world'), hosts.server.mac],
    } as const;
    for (const name of ['access', 'lan', 'world'] as const) {
      const seg = segments[name];
      const port = await seg.attach('garbage');
      const frames = garbage(PER_SEGMENT, rand, [...targets[name]]);
      // What every Host does with what it receives: decoding never throws.
      for (const f of frames) expect(() => decodeFrame(f)).not.toThrow();
      const before = seg.frames.filter((f) => f.from === 'garbage').length;
      for (const f of frames) port.send(f);
      // The relay passed every one back to the lab: the last one arrived.
      const last = frames.at(-1)!;
      await seg.find((f) => f.from === 'garbage' && f.data.equals(last), { timeout: 10_000, what: `the last garbage frame back from the relay on ${name}` });
      expect(seg.frames.filter((f) => f.from === 'garbage').length - before).toBe(PER_SEGMENT);
      port.close();
    }
    // The hosts and the router answer as before.
    await expect(c.host.ping6(WORLD.server6, { timeout: 5000 })).resolves.toBeReachable();
    await expect(c.host.ping(WORLD.server4, { timeout: 5000 })).resolves.toBeReachable();
    await expect(hosts.server.ping6(c.ip6, { timeout: 5000 })).resolves.toBeReachable();
    await expect(c.host.solicit({ timeout: 5000 })).resolves.toMatchObject({ routerLifetime: expect.any(Number) });
  });
});
