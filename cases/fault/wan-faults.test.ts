// Faults, on one boot per image (the rig's time budget allows no more), from the mildest to the
// one that changes the most, each case starting from a working WAN and proving it works again:
//  - frames from nobody the router should trust: rogue RAs on `world` and on `access`, then
//    garbage on every segment (random bytes, runts, frames cut short or with bits flipped, good
//    Ethernet headers over random payloads) — the rig keeps running (the relay passes every frame,
//    hosts decode them without throwing) and the router keeps routing;
//  - the WAN goes away and comes back: the ISP withdraws its default route, the ISP's port goes
//    dark, the router is power-cycled, the cable is pulled (Border.link with the router as peer: both
//    ends lose carrier) — the router withdraws itself as the LAN's default router while it has
//    none (RFC 7084 G-5), carries traffic again within a stated bound, and keeps its DHCPv6
//    identity without releasing its prefix (W-5, RFC 9096 WPD-9, WPD-10);
//  - the ISP renumbers (Border.setPrefix): a /48 first, then a /64 elsewhere; at the router's next
//    Renew the border's Reply gives the old prefix lifetimes 0 — the old /64 is deprecated on the
//    LAN at once (L-13; RFC 9096 wants both lifetimes 0), what still comes from it gets ICMPv6
//    code 5 (L-14), the router never asks for it again (RFC 8415 §18.2.4), and the LAN is numbered
//    from the new prefix whatever its size (WPD-3);
//  - and through all of it, the router speaks no routing protocol on its WAN (WPD-7).
// The reboot is a power cycle (the guest stopped and started again), before the cable is pulled.
import { afterAll, describe, expect, test } from 'vitest';
import { Host } from '../../harness/host/host.ts';
import {
  decodeFrame,
  dhcp4Discover,
  dhcp6Solicit,
  echoRequest6,
  encodeFrame,
  linkLocal,
  padi,
  parsePrefix,
  prefixContains,
  routerAdvertisement,
  routerSolicitation,
  tcpSyn,
  type FrameInit,
  type Pio,
} from '../../harness/packets/index.ts';
import { prng32 } from '../../harness/util/prng.ts';
import { retry } from '../../harness/util/wait.ts';
import { expectedFail } from '../../harness/vitest/meta.ts';
import { images, useTopology } from '../../harness/vitest/topology.ts';
import { deafNics } from '../../harness/lab/snapshot.ts';
import { Border } from '../../peers/border/index.ts';
import { ipoe } from '../../topologies/ipoe.ts';
import { WORLD } from '../../topologies/world.ts';
import { decoded, keepBorderLogs, lanClient, macOf, onlineLanClient, withBorderWords, worksWithin, type LanClient, type SeenDecoded } from '../support/wan.ts';

/** Short DHCPv6 lifetimes, so the router renews (T1 = half the preferred lifetime) soon after the
 * renumbering; the first delegation is a /48. */
const PREFERRED = 10;
const VALID = 30;
const topology = withBorderWords(ipoe, 'ipoe-faults', [`netrig.dhcp6.preferred=${PREFERRED}`, `netrig.dhcp6.valid=${VALID}`, 'netrig.pdlen=48']);
const NEW_POOL = '3fff:200::/40';
/**
 * How long the LAN may keep hearing the router as its default router once the WAN lost its own
 * ("immediately", RFC 7084 G-5): the carrier loss, dhcpcd's hook, dnsmasq restarted, its first
 * RA — on an emulated router that has just booted, on a loaded machine, 14 s was seen.
 */
const WITHDRAW_S = 20;
/** How long LAN → world may stay broken after the WAN is back. */
const RECOVER_S = 30;
/** From reset to LAN → world working again: boot, DHCP, delegation (emulated, on a shared machine). */
const REBOOT_S = 90;
const ROGUE_MAC = '52:54:00:66:66:0a';
const ROGUE_PREFIX = '3fff:bad:0:1::/64';

const SEED = Number(process.env.NETRIG_GARBAGE_SEED ?? 0x6e657472);
const PER_SEGMENT = 300;
const GARBAGE_MAC = '52:54:00:6a:6b:01';

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
      // Never empty: QEMU's socket netdev takes a 0-byte datagram for the end of the connection
      // and stops the segment for every guest on it (Port.send refuses one).
      case 0: // random bytes, runts included
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

describe.each(images())('WAN faults on $label', (image) => {
  const topo = useTopology(topology, image);
  let border: Border | undefined;
  let client: Promise<LanClient> | undefined;
  afterAll(async () => {
    (await client?.catch(() => undefined))?.host.close();
    (await run?.catch(() => undefined))?.host.host.close();
    await keepBorderLogs(border, topo().lab.artifacts, topo().router);
  });
  const isp = () => (border ??= new Border(topo().border!));
  const lan = () => (client ??= onlineLanClient(topo));
  /** Every case starts from a working WAN: LAN → world over IPv6 and IPv4 (within RECOVER_S). */
  const online = async () => {
    const c = await lan();
    await backOnline(c);
    return c;
  };
  const backOnline = (c: LanClient) =>
    worksWithin('LAN → world over IPv6 and IPv4', RECOVER_S * 1000, async () => {
      await c.host.ping6(WORLD.server6, { timeout: 1000 });
      await c.host.ping(WORLD.server4, { timeout: 1000 });
    });
  /** The router's next unsolicited RA on lan from `since` whose Router Lifetime satisfies `ok`. */
  const lanRa = (since: number, ok: (lifetime: number) => boolean, what: string, timeout: number) =>
    topo().segments.lan.find((f) => {
      const d = decodeFrame(f.data);
      return f.time > since && f.from === 'qemu' && d.icmp6?.type === 'ra' && d.ipv6?.dst === 'ff02::1' && ok((d.icmp6 as { routerLifetime: number }).routerLifetime);
    }, { timeout, what });

  test("a rogue RA on world (a stranger's RA, and one forged from the border's own address with Router Lifetime 0) changes nothing: LAN → world still works both ways", async () => {
    const c = await online();
    const { segments, border } = topo();
    const rogue = new Host(await segments.world.attach('rogue'), 'rogue', ROGUE_MAC);
    try {
      const bmac = macOf(border!, 'world');
      rogue.send(routerAdvertisement({ mac: ROGUE_MAC, lifetime: 1800, preference: 'high', prefixes: [ROGUE_PREFIX] }));
      rogue.send(routerAdvertisement({ mac: bmac, src: linkLocal(bmac), lifetime: 0, prefixes: [{ prefix: '3fff:ffff::/64', validLifetime: 0, preferredLifetime: 0 }] }));
      await expect(c.host.ping6(WORLD.server6, { timeout: 5000 })).resolves.toBeReachable();
      await expect(topo().hosts.server.ping6(c.ip6, { timeout: 5000 })).resolves.toBeReachable();
    } finally {
      rogue.close();
    }
  });

  test(`a rogue RA on access (another router: Router Lifetime 0, its own prefix ${ROGUE_PREFIX}) takes nothing away: LAN → world still works, the LAN RAs keep their Router Lifetime and never carry that prefix`, async () => {
    const c = await online();
    const { segments, router } = topo();
    const rmac = macOf(router, 'wan');
    const rogue = new Host(await segments.access.attach('rogue'), 'rogue', ROGUE_MAC);
    try {
      // The router acts on it (it may: SLAAC from an autonomous PIO on its WAN link): its DAD says when.
      const dad = segments.access.next((f) => {
        const d = decodeFrame(f.data);
        return d.eth?.src === rmac && d.icmp6?.type === 'ns' && d.ipv6?.src === '::' && 'target' in d.icmp6 && prefixContains(ROGUE_PREFIX, `${d.icmp6.target}/128`);
      }, { timeout: 10_000, what: `the router's DAD for an address in ${ROGUE_PREFIX}` });
      rogue.send(routerAdvertisement({ mac: ROGUE_MAC, lifetime: 0, prefixes: [ROGUE_PREFIX] }));
      await dad;
      await expect(c.host.ping6(WORLD.server6, { timeout: 5000 })).resolves.toBeReachable();
      await expect(c.host.ping(WORLD.server4, { timeout: 5000 })).resolves.toBeReachable();
      const ra = await c.host.solicit({ timeout: 5000 });
      expect(ra.routerLifetime).toBeGreaterThan(0);
      expect(segments.lan).not.toHaveSeen(
        (f) => f.icmp6?.type === 'ra' && ((f.icmp6 as { options: { prefix?: Pio[] } }).options.prefix ?? []).some((p) => prefixContains('3fff:bad::/32', p.prefix)),
        `an RA on lan with a prefix of the rogue's`,
      );
      expect(segments.lan).not.toHaveSeen((f) => f.from === 'qemu' && f.icmp6?.type === 'ra' && (f.icmp6 as { routerLifetime: number }).routerLifetime === 0, 'an RA on lan with Router Lifetime 0');
    } finally {
      rogue.close();
    }
  });

  test(`garbage on access, lan and world (${PER_SEGMENT} frames each, seed ${SEED.toString(16)}): the relay and the hosts keep running, and the router still routes LAN → world over IPv4 and IPv6`, async () => {
    const { router, border, segments, hosts } = topo();
    const c = await online();
    const next = prng32(SEED);
    const rand = () => next() / 2 ** 32;
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
  test(`G-5: when the ISP withdraws its default route (its RA says Router Lifetime 0) the router's next unsolicited LAN RA, within ${WITHDRAW_S} s, says 0 too; when the ISP is back, so is the router`, async () => {
    const c = await online();
    const t0 = Date.now();
    await isp().setRouterLifetime(0);
    try {
      const ra = await lanRa(t0, (l) => l === 0, 'an unsolicited RA on lan with Router Lifetime 0', WITHDRAW_S * 1000);
      expect((ra.time - t0) / 1000).toBeLessThanOrEqual(WITHDRAW_S);
    } finally {
      await isp().setRouterLifetime(1800);
    }
    const t1 = Date.now();
    await lanRa(t1, (l) => l > 0, 'an RA on lan naming the router a default router again', WITHDRAW_S * 1000);
    await backOnline(c);
  });

  test(`the ISP's port goes dark (the router keeps its carrier and only hears silence) and comes back: LAN → world works again within ${RECOVER_S} s`, async () => {
    const c = await online();
    const port = isp().link('access');
    await port.down();
    try {
      await expect(c.host.ping6(WORLD.server6, { timeout: 1500 })).rejects.toThrow(/timed out/);
    } finally {
      await port.up();
    }
    const { seconds } = await backOnline(c);
    expect(seconds).toBeLessThan(RECOVER_S);
  });

  let rebootedAt = 0;
  test(`the router is power-cycled: it takes its prefix again and LAN → world works again within ${REBOOT_S} s`, async () => {
    const c = await online();
    const running = topo();
    const { lab, router, segments } = running;
    // A power cycle: the same guest (image, MACs, command line) stopped and started again. A QMP
    // system_reset of a busy emulated guest kept QEMU 7.2 from answering for up to 50 s on a loaded
    // machine; a cold start takes a few.
    const spec = router.spec;
    rebootedAt = Date.now();
    // Under QEMU 7.2 a mipsel guest's virtio NIC now and then boots deaf when frames reach it
    // during the boot (seen once in ~8 full runs: the rebooted router sent Solicits and heard
    // none of the border's Advertises, RAs or OFFERs). That is the emulator, not the router (its
    // two NICs shared an edge-triggered interrupt line; see Profile.nicSlots, which now gives each
    // a line of its own): the rig still proves every NIC receives and power-cycles again (at most
    // twice more), saying so.
    let again = router;
    for (let attempt = 1; ; attempt++) {
      await lab.dropGuest(router.name);
      again = await lab.guest({ ...spec, nics: spec.nics.map((n) => ({ name: n.name, segment: n.segment, mac: n.mac })) });
      running.router = again;
      running.guests[router.name] = again;
      await again.waitReady({ timeout: REBOOT_S * 1000 });
      const deaf = await deafNics(lab, again);
      if (!deaf.length) break;
      lab.log(`router: booted with ${deaf.join(', ')} receiving nothing (a lost NIC interrupt in the emulator); attempt ${attempt} of 3`);
      if (attempt === 3) throw new Error(`the rebooted router's ${deaf.join(', ')} received nothing after 3 power cycles (a lost NIC interrupt in the emulator)`);
    }
    const bmac = macOf(topo().border!, 'access');
    await retry(() => decoded(segments.access).find((f) => f.time > rebootedAt && f.eth?.src === bmac && f.dhcp6?.type === 'reply' && (f.dhcp6.options.iaPd ?? []).length > 0), {
      timeout: REBOOT_S * 1000,
      interval: 500,
      what: 'a DHCPv6 Reply with IA_PD after the reboot',
    });
    await worksWithin('LAN → world over IPv6 and IPv4 after the reboot', REBOOT_S * 1000 - (Date.now() - rebootedAt), async () => {
      await c.host.ping6(WORLD.server6, { timeout: 1000 });
      await c.host.ping(WORLD.server4, { timeout: 1000 });
    });
  });

  let pulledAt = 0;
  test(`G-5: when the WAN cable is pulled (both ends lose carrier) the router's next unsolicited LAN RA, within ${WITHDRAW_S} s, has Router Lifetime 0; plugged in again, LAN → world works within ${RECOVER_S} s and the router is a default router again`, async () => {
    const c = await online();
    const { router } = topo();
    const cable = isp().link('access', { peers: [router] });
    pulledAt = Date.now();
    await cable.down();
    try {
      const ra = await lanRa(pulledAt, (l) => l === 0, 'an unsolicited RA on lan with Router Lifetime 0', WITHDRAW_S * 1000);
      expect((ra.time - pulledAt) / 1000).toBeLessThanOrEqual(WITHDRAW_S);
    } finally {
      await cable.up();
    }
    const { seconds } = await backOnline(c);
    expect(seconds).toBeLessThan(RECOVER_S);
    const again = await c.host.solicit({ timeout: 5000 });
    expect(again.routerLifetime).toBeGreaterThan(0);
  });

  let run: Promise<Renumbered> | undefined;
  interface Renumbered {
    before: string;
    after: string;
    /** The LAN /64 before; the LAN host that took an address from it. */
    oldPio: string;
    host: LanClient;
    /** When the border's Reply took the old prefix back (lifetimes 0). */
    withdrawn: SeenDecoded;
    /** The first RA on lan after it with the new /64, and when it was seen. */
    newPio: string;
    newSeen: number;
  }

  const renumbered = () => (run ??= renumber());
  async function renumber(): Promise<Renumbered> {
    const { router, segments } = topo();
    await online();
    const before = await isp().delegatedPrefix(router);
    // A LAN host of its own, with an address from the prefix about to go.
    const host = await lanClient(segments.lan, before, 'renumbered', '52:54:00:c1:00:13');
    const switched = Date.now();
    await isp().setPrefix(NEW_POOL, 64);
    const bmac = macOf(topo().border!, 'access');
    // The Reply to the router's next Renew (or Rebind, should the Renew meet the server restarting).
    const withdrawn = await retry(
      () =>
        decoded(segments.access).find(
          (f) =>
            f.time > switched &&
            f.eth?.src === bmac &&
            f.dhcp6?.type === 'reply' &&
            pdOf(f).some((p) => p.prefix === before && p.validLifetime === 0) &&
            pdOf(f).some((p) => prefixContains(NEW_POOL, p.prefix) && p.validLifetime > 0),
        ),
      { timeout: (VALID + 10) * 1000, interval: 500, what: `the border's Reply withdrawing ${before} and delegating from ${NEW_POOL}` },
    );
    const after = pdOf(withdrawn).find((p) => prefixContains(NEW_POOL, p.prefix))!.prefix;
    const ra = await segments.lan.find(
      (f) => f.time > withdrawn.time && pios(decodeFrame(f.data)).some((p) => prefixContains(after, p.prefix)),
      { timeout: 15_000, what: `an RA on lan with a /64 of ${after}` },
    );
    const newPio = pios(decodeFrame(ra.data)).find((p) => prefixContains(after, p.prefix))!.prefix;
    return { before, after, oldPio: host.pio, host, withdrawn, newPio, newSeen: ra.time };
  }

  /** The router's RAs on lan after the withdrawal, to all nodes (unsolicited). */
  const unsolicitedAfter = (t: number) => decoded(topo().segments.lan).filter((f) => f.time > t && f.from === 'qemu' && f.icmp6?.type === 'ra' && f.ipv6?.dst === 'ff02::1');

  test(`L-13: once the delegated prefix changes, the next unsolicited LAN RA (within 10 s) carries the old /64 with Preferred Lifetime 0 and Valid Lifetime 0 or at most min(remaining, 2 h); the new /64 is advertised within the same 10 s`, async () => {
    const r = await renumbered();
    await topo().segments.lan.find((f) => f.time > r.withdrawn.time && decodeFrame(f.data).ipv6?.dst === 'ff02::1' && decodeFrame(f.data).icmp6?.type === 'ra', { timeout: 15_000, what: 'an unsolicited RA on lan' });
    const ra = unsolicitedAfter(r.withdrawn.time)[0];
    expect((ra.time - r.withdrawn.time) / 1000).toBeLessThanOrEqual(10);
    const old = pios(ra).find((p) => p.prefix === r.oldPio);
    expect(old, `${r.oldPio} in the RA`).toBeDefined();
    expect(old!.preferredLifetime).toBe(0);
    expect(old!.validLifetime).toBeLessThanOrEqual(Math.min(7200, VALID));
    // The new /64 is advertised too (renumber() waited for it): within the same 10 s.
    expect((r.newSeen - r.withdrawn.time) / 1000).toBeLessThanOrEqual(10);
  });

  test.fails('L-13/RFC9096: the stale /64 is advertised in unsolicited RAs with both lifetimes 0 and its A/L flags unchanged (expected fail: dnsmasq keeps the remaining valid lifetime)', async ({ task }) => {
    expectedFail(task, 'dnsmasq, the fixture\'s RA daemon, deprecates a /64 that left its interface with Preferred Lifetime 0 but keeps counting down the Valid Lifetime it had advertised (seen: 16 s, then 11 s) although the ISP\'s Reply gave it valid lifetime 0; RFC 9096 §3.5 (L-13): stale prefixes MUST be advertised with Valid and Preferred Lifetime 0');
    const r = await renumbered();
    await topo().segments.lan.find((f) => f.time > r.withdrawn.time && pios(decodeFrame(f.data)).some((p) => p.prefix === r.oldPio), { timeout: 15_000, what: `an RA on lan with ${r.oldPio}` });
    const stale = unsolicitedAfter(r.withdrawn.time).flatMap((f) => pios(f).filter((p) => p.prefix === r.oldPio));
    expect(stale.length).toBeGreaterThan(0);
    for (const p of stale) expect([p.preferredLifetime, p.validLifetime, p.onLink, p.autonomous]).toEqual([0, 0, true, true]);
  });

  test('L-14: a LAN host still sending from its address in the old /64 gets Destination Unreachable code 5 on lan, and nothing from it leaves on access once the prefix is invalidated', async () => {
    const r = await renumbered();
    const { segments } = topo();
    const c = r.host;
    const ra = await c.host.solicit({ timeout: 5000 });
    let id = 0x6a00;
    const probe = () => {
      const mine = ++id;
      const answer = c.host
        .next((f) => f.icmp6?.type === 'unreachable' && f.ipv6?.dst === c.ip6, { timeout: 1500, what: `a Destination Unreachable for echo request id 0x${mine.toString(16)}` })
        .catch(() => undefined);
      c.host.send(echoRequest6({ mac: c.host.mac, dstMac: ra.mac, src: c.ip6, dst: WORLD.server6, id: mine }));
      return answer;
    };
    // The router invalidates the /64 when its DHCPv6 hook runs, a moment after the RA with the new
    // one (on a loaded machine, long enough for a probe or two to be routed meanwhile): ask until
    // it answers code 5. That answer says the prefix is invalidated; from then on every packet from
    // it is refused and none leaves on access (three more probes).
    const du = await retry(probe, { timeout: 15_000, interval: 100, what: `a Destination Unreachable to ${c.ip6} on lan` });
    expect((du.frame.icmp6 as { code: number }).code).toBe(5);
    for (let i = 0; i < 3; i++) {
      const again = await probe();
      expect(again, `a Destination Unreachable for echo request ${i + 2} of the old address after the first`).toBeDefined();
      expect((again!.frame.icmp6 as { code: number }).code).toBe(5);
    }
    expect(segments.access).not.toHaveSeen((f) => f.time > du.raw.time && f.ipv6?.src === c.ip6, `a packet from ${c.ip6} on access once the router refused it with code 5`);
  });

  test('DHCP6-8: after the Reply gave the old prefix valid lifetime 0, no later Renew or Rebind of the router lists it again', async () => {
    const r = await renumbered();
    const { router, segments } = topo();
    const rmac = macOf(router, 'wan');
    // Retransmissions of the message that Reply answered are that message again (built before it):
    // what counts is every exchange the router began after it.
    const answered = r.withdrawn.dhcp6!.xid;
    const isNew = (f: SeenDecoded) => f.eth?.src === rmac && ['renew', 'rebind'].includes(String(f.dhcp6?.type)) && f.dhcp6!.xid !== answered;
    // The next Renew comes at T1, half the preferred lifetime after the Reply.
    await segments.access.find((f) => f.time > r.withdrawn.time && isNew({ ...decodeFrame(f.data), time: f.time, from: f.from, raw: f.data }), {
      timeout: (PREFERRED + 10) * 1000,
      what: 'a Renew after the renumbering',
    });
    const later = decoded(segments.access).filter((f) => f.time > r.withdrawn.time && isNew(f));
    for (const f of later) expect(pdOf(f).map((p) => p.prefix)).not.toContain(r.before);
    expect(later.some((f) => pdOf(f).some((p) => p.prefix === r.after)), `a Renew naming ${r.after}`).toBe(true);
  });

  test('WPD-3: whatever the delegated size, the LAN gets a /64 of it: a /48 first, then a /64 after the renumbering', async () => {
    const r = await renumbered();
    expect(parsePrefix(r.before).length).toBe(48);
    expect(prefixContains(r.before, r.oldPio) && parsePrefix(r.oldPio).length === 64).toBe(true);
    expect(parsePrefix(r.after).length).toBe(64);
    expect(r.newPio).toBe(r.after);
  });
  /** The router's DHCPv6 client messages before the reboot, between it and the cable, and after the cable. */
  const phases = () => {
    expect(rebootedAt, 'the reboot case ran').toBeGreaterThan(0);
    expect(pulledAt, 'the cable case ran').toBeGreaterThan(rebootedAt);
    const rmac = macOf(topo().router, 'wan');
    const mine = decoded(topo().segments.access).filter((f) => f.eth?.src === rmac && f.dhcp6);
    const span = (from: number, to: number, what: string) => {
      const fs = mine.filter((f) => f.time >= from && f.time < to);
      expect(fs.length, `DHCPv6 messages ${what}`).toBeGreaterThan(0);
      return fs;
    };
    return { all: mine, spans: [span(0, rebootedAt, 'before the reboot'), span(rebootedAt, pulledAt, 'after the reboot'), span(pulledAt, Infinity, 'after the cable')] };
  };

  test('W-5: the DUID in the Client Identifier is the same before and after a reboot and after the cable was pulled', () => {
    const duids = new Set(phases().spans.flat().map((f) => JSON.stringify(f.dhcp6!.options.clientId)));
    expect([...duids]).toHaveLength(1);
  });

  test('WPD-10: the IAID of the IA_PD is the same before and after a reboot and after the cable was pulled', () => {
    const iaids = new Set(phases().spans.flat().flatMap((f) => (f.dhcp6!.options.iaPd ?? []).map((ia) => ia.iaid)));
    expect([...iaids]).toHaveLength(1);
  });

  test('WPD-9: no DHCPv6 Release around the restarts: the reboot, the cable pulled and plugged in again', () => {
    expect(phases().all.filter((f) => f.dhcp6!.type === 'release')).toEqual([]);
  });

  test('WPD-7: no dynamic routing protocol from the router on access (RIP, RIPng, OSPF, Babel, BGP, IS-IS) over the whole run, two boots and every fault included', async () => {
    const rmac = macOf(topo().router, 'wan');
    const mine = () => decoded(topo().segments.access).filter((f) => f.eth?.src === rmac);
    // At least 30 s of the router on access (RIP's update interval, the longest of the periodic
    // ones): on a quiet machine the cases before may take less, so the case waits for it (the
    // router renews every few seconds here).
    await retry(() => (mine().length && mine().at(-1)!.time - mine()[0].time >= 30_000 ? true : undefined), {
      timeout: 45_000,
      interval: 500,
      what: '30 s of frames from the router on access',
    });
    const fromRouter = mine();
    const routing = fromRouter.filter(
      (f) =>
        [520, 521, 6696].includes(f.udp?.dstPort ?? -1) ||
        f.tcp?.dstPort === 179 ||
        f.ipv4?.protocol === 89 ||
        (f.ipv6 as { protocol?: number } | undefined)?.protocol === 89 ||
        f.eth?.dst === '01:80:c2:00:00:14' ||
        f.eth?.dst === '01:80:c2:00:00:15',
    );
    expect(routing.map((f) => `${f.ipv6?.dst ?? f.ipv4?.dst ?? f.eth?.dst}`)).toEqual([]);
  });
});

type Iap = { prefix: string; preferredLifetime: number; validLifetime: number };
function pdOf(f: { dhcp6?: { options: { iaPd?: Array<{ options: { iaPrefix?: Iap[] } }> } } }): Iap[] {
  return (f.dhcp6?.options.iaPd ?? []).flatMap((ia) => ia.options.iaPrefix ?? []);
}
function pios(f: { icmp6?: unknown }): Pio[] {
  const i = f.icmp6 as { type?: string; options?: { prefix?: Pio[] } } | undefined;
  return i?.type === 'ra' ? (i.options?.prefix ?? []) : [];
}
