// The router as a requesting router against a scripted ISP: the border's own RA daemon and DHCPv6
// server are held (netrig.hold=dhcp6,radvd) and a TypeScript peer on access plays them, so a case
// can send exactly the RAs and DHCPv6 messages a requirement is about — silence, forged and
// malformed Advertises, a delegation with an unknown option, a prefix whose lifetimes contradict
// each other, a Prefix Exclude, infinite lifetimes, no address at all — while the border's kernel
// still forwards (the forged RAs name the border as the default router, and the border routes
// the delegated prefix to the router once it is delegated). RFC 7084 §4.1–4.3, RFC 8415.
// One boot per image, one script: the cases read the part of it they are about.
import { describe, expect, test } from 'vitest';
import { Host } from '../../harness/host/host.ts';
import {
  canonicalIp,
  decodeFrame,
  echoRequest6,
  linkLocal,
  prefixContains,
  routerAdvertisement,
  type Dhcp6,
  type Dhcp6OptionsInit,
  type Duid,
  type Pio,
} from '../../harness/packets/index.ts';
import { retry } from '../../harness/util/wait.ts';
import { expectedFail } from '../../harness/vitest/meta.ts';
import { images, useTopology } from '../../harness/vitest/topology.ts';
import { Border } from '../../peers/border/index.ts';
import { ipoe } from '../../topologies/ipoe.ts';
import { WORLD } from '../../topologies/world.ts';
import { decoded, lanClient, macOf, neighbourOf, withBorderWords, type LanClient, type SeenDecoded } from '../support/wan.ts';

const topology = withBorderWords(ipoe, 'ipoe-scripted', ['netrig.hold=dhcp6,radvd']);

/** What the scripted ISP delegates (inside the documentation range, outside the border's own pool). */
const GOOD = '3fff:1a0::/48';
/** Delegated too, with a Prefix Exclude naming its first /64 (RFC 6603). */
const EXCLUDING = '3fff:1c0::/56';
const EXCLUDED = '3fff:1c0::/64';
/** Delegated with a preferred lifetime above its valid lifetime: to be discarded (RFC 8415 §21.22). */
const CONTRADICTORY = '3fff:1b0::/56';
const INFINITE = 0xffffffff;
/** The ISP's DNS server: the border's address on access. */
const DNS6 = '3fff:0:0:1::1';
const FORGER_MAC = '52:54:00:fb:00:01';
const UNKNOWN_OPTION = 65000;

/** Inside one of the prefixes the scripted ISP delegated (and the router kept). */
const delegated = (address: string) => [GOOD, EXCLUDING].some((p) => prefixContains(p, `${address}/128`));

describe.each(images())('scripted ISP (RA, DHCPv6) on $label', (image) => {
  const topo = useTopology(topology, image);

  let isp: Host | undefined;
  let run: Promise<Script> | undefined;
  interface Script {
    /** When each forged RA went out. */
    raOtherOnly: number;
    raManagedOnly: number;
    /** The Solicit answered, and what the scripted server sent. */
    answered: SeenDecoded;
    bad: Array<{ what: string; serverId: { type: 'll'; lla: string } }>;
    request: SeenDecoded;
    reply: number;
    /** G-3: before any prefix: a LAN host's echo from an address of GOOD, id 0x6301. */
    earlyEcho: number;
    lan: LanClient;
  }
  const script = () => (run ??= play());

  /** The router's frames on access. */
  const routerFrames = () => {
    const { router, segments } = topo();
    const rmac = macOf(router, 'wan');
    return decoded(segments.access).filter((f) => f.eth?.src === rmac);
  };
  const solicits = () => routerFrames().filter((f) => f.dhcp6?.type === 'solicit');

  /** An RA "from the border" (its link-local address and MAC): the border stays the next hop. */
  function raAsBorder(o: { managed: boolean; other: boolean; prefixes?: Array<Partial<Pio> & { prefix: string }> }): number {
    const bmac = macOf(topo().border!, 'access');
    isp!.send(routerAdvertisement({ mac: bmac, src: linkLocal(bmac), lifetime: 1800, managed: o.managed, other: o.other, prefixes: o.prefixes }));
    return Date.now();
  }

  /** A DHCPv6 server message from the scripted server to the router. */
  function serverSays(type: 'advertise' | 'reply', to: Dhcp6, options: Dhcp6OptionsInit & Record<string, unknown>, xid = to.xid): void {
    const rmac = macOf(topo().router, 'wan');
    isp!.send({
      eth: { src: FORGER_MAC, dst: rmac },
      ipv6: { src: linkLocal(FORGER_MAC), dst: linkLocal(rmac) },
      dhcp6: { type, xid, options: { serverId: { type: 'll', lla: FORGER_MAC }, clientId: to.options.clientId as Duid, ...options } as Dhcp6OptionsInit },
    });
  }

  /**
   * The delegation the scripted server makes. The Prefix Exclude goes in the Reply only: given in
   * an Advertise, dhcpcd 9.4.1 echoes it in its Request as a zero-length option outside the
   * IAPREFIX, and two stray bytes after its last option (a malformed message).
   */
  const delegation = (exclude = false): Dhcp6OptionsInit & Record<string, unknown> => ({
    preference: 255,
    // IA_NA asked for, none given (WPD-6, WAA-7).
    iaNa: [{ iaid: 1, t1: 0, t2: 0, options: { status: { code: 'no-addrs-avail', message: 'no addresses here' } } }],
    iaPd: [
      {
        iaid: 2,
        t1: 3600,
        t2: 5760,
        options: {
          iaPrefix: [
            { prefix: GOOD, preferredLifetime: INFINITE, validLifetime: INFINITE },
            // Prefix Exclude (RFC 6603 §4.2): the excluded length, then the bits of its subnet id past /56.
            { prefix: EXCLUDING, preferredLifetime: INFINITE, validLifetime: INFINITE, options: exclude ? ({ option67: Uint8Array.from([64, 0x00]) } as never) : undefined },
            { prefix: CONTRADICTORY, preferredLifetime: 7200, validLifetime: 3600 },
          ],
        },
      },
    ],
    dnsServers: [DNS6],
    [`option${UNKNOWN_OPTION}`]: Uint8Array.from([0x6e, 0x65, 0x74, 0x72, 0x69, 0x67]),
  });

  async function play(): Promise<Script> {
    const { router, segments } = topo();
    const rmac = macOf(router, 'wan');
    isp = new Host(await segments.access.attach('scripted-isp'), 'scripted-isp', FORGER_MAC);
    const nextSolicit = (after: number, what: string) =>
      segments.access.find((f) => f.time > after && f.data.subarray(6, 12).equals(Buffer.from(rmac.replace(/:/g, ''), 'hex')) && decodeFrame(f.data).dhcp6?.type === 'solicit', { timeout: 40_000, what });

    // Silence first: the router's first Solicit goes unanswered, and so does its retransmission
    // (DHCP6-4, DHCP6-5). After the first, an RA with only O, after the second one with only M,
    // each followed by a Solicit (WPD-4); they make the border the router's default router, which
    // G-3 needs to mean anything. The Solicit after the second RA is answered.
    await retry(async () => (solicits().length >= 1 ? true : undefined), { timeout: 30_000, interval: 200, what: 'a first Solicit' });
    const raOtherOnly = raAsBorder({ managed: false, other: true });
    await nextSolicit(raOtherOnly, 'a Solicit after the RA with M=0, O=1');
    const raManagedOnly = raAsBorder({ managed: true, other: false });
    // G-3: no prefix yet, so nothing a LAN host sends from a global address may cross.
    const lanHost = new Host(await segments.lan.attach('early'), 'early', '52:54:00:c1:00:63');
    lanHost.send(echoRequest6({ mac: lanHost.mac, dstMac: macOf(router, 'lan'), src: `${GOOD.split('::')[0]}::c1`, dst: WORLD.server6, id: 0x6301 }));
    const earlyEcho = Date.now();
    lanHost.close();

    // The Solicit after the second RA gets four invalid Advertises, each from a server of its own
    // (DHCP6-6), then the scripted delegation (WPD-6, DHCP6-13, DHCP6-10, WPD-8, L-16).
    const toAnswer = await nextSolicit(raManagedOnly, 'a Solicit after the RA with M=1, O=0');
    const answered = { ...decodeFrame(toAnswer.data), time: toAnswer.time, from: toAnswer.from, raw: toAnswer.data };
    const sol = answered.dhcp6!;
    const bad: Script['bad'] = [];
    const badServer = (n: number) => ({ type: 'll' as const, lla: `52:54:00:fb:0b:0${n}` });
    const badOne = (what: string, n: number, options: Record<string, unknown>, xid = sol.xid) => {
      bad.push({ what, serverId: badServer(n) });
      serverSays('advertise', sol, { serverId: badServer(n), ...delegation(), ...options }, xid);
    };
    badOne('a wrong transaction id', 1, {}, (sol.xid + 1) & 0xffffff);
    badOne("another client's Client Identifier", 2, { clientId: { type: 'll', lla: '52:54:00:99:99:99' } });
    badOne('no Client Identifier', 3, { clientId: undefined });
    // Without a Server Identifier there is none to recognise; its absence is checked by the Request naming ours.
    serverSays('advertise', sol, { ...delegation(), serverId: undefined, preference: 255 });
    serverSays('advertise', sol, delegation());
    const req = await segments.access.find((f) => f.time > toAnswer.time && decodeFrame(f.data).dhcp6?.type === 'request' && f.data.subarray(6, 12).equals(Buffer.from(rmac.replace(/:/g, ''), 'hex')), {
      timeout: 15_000,
      what: 'a Request after the scripted Advertise',
    });
    const request = { ...decodeFrame(req.data), time: req.time, from: req.from, raw: req.data };
    serverSays('reply', request.dhcp6!, delegation(true));
    const reply = Date.now();
    // The border carries traffic for the delegation to the router's link-local address.
    const border = new Border(topo().border!);
    await border.routePrefix(GOOD, linkLocal(rmac));
    await border.routePrefix(EXCLUDING, linkLocal(rmac));
    const lan = await lanClient(segments.lan, GOOD, 'client', '52:54:00:c1:00:64');
    return { raOtherOnly, raManagedOnly, answered, bad, request, reply, earlyEcho, lan };
  }

  test('DHCP6-4: with no server answering, Solicit retransmissions keep the transaction id and carry increasing Elapsed Time', async () => {
    await retry(async () => (solicits().length >= 2 ? true : undefined), { timeout: 30_000, interval: 200, what: 'two Solicits' });
    const [a, b] = solicits();
    expect(b.dhcp6!.xid).toBe(a.dhcp6!.xid);
    expect(b.dhcp6!.options.elapsedTime!).toBeGreaterThan(a.dhcp6!.options.elapsedTime!);
  });

  test.fails("DHCP6-5: the first retransmission timeout of Solicit is strictly greater than IRT (1 s): the first Solicit's retransmission carries an Elapsed Time over 100 centiseconds (expected fail: dhcpcd draws RAND from [-0.1, +0.1])", async ({ task, skip }) => {
    expectedFail(task, 'RFC 8415 §18.2.1: "The first RT MUST be selected to be strictly greater than IRT by choosing RAND to be strictly greater than 0." dhcpcd 9.4.1 draws RAND uniformly from [-0.1, +0.1] for every message (dhcp6.h: DHCP6_RAND_MIN -100, DHCP6_RAND_MAX 100; no special case for the first Solicit), so about half of its first retransmissions come before 1 s. A draw that happens to land over IRT decides nothing, and the case then reports itself skipped, with the figure.');
    await retry(async () => (solicits().length >= 2 ? true : undefined), { timeout: 30_000, interval: 200, what: 'two Solicits' });
    const [a] = solicits();
    // The retransmission of the first Solicit: same transaction (a new RA may start another one).
    const b = solicits().find((f) => f !== a && f.dhcp6!.xid === a.dhcp6!.xid);
    expect(a.dhcp6!.options.elapsedTime).toBe(0);
    expect(b, "a retransmission of the first Solicit").toBeDefined();
    // Elapsed Time is the client's own clock since its first Solicit: RT, free of the emulator's
    // scheduling as seen from the host (under load a guest timer fires late, never early).
    const rt = b!.dhcp6!.options.elapsedTime!;
    if (rt > 100) skip(`inconclusive: this draw put the first retransmission at ${rt} cs, over IRT, which a RAND of [-0.1, +0.1] does about half the time`);
    expect(rt).toBeGreaterThan(100);
  });

  test('WPD-4: after an RA with M=0, O=1, and after one with M=1, O=0, the router sends a Solicit with IA_PD', async () => {
    const s = await script();
    for (const at of [s.raOtherOnly, s.raManagedOnly]) {
      const next = solicits().find((f) => f.time > at);
      expect(next, 'a Solicit after the RA').toBeDefined();
      expect((next!.dhcp6!.options.iaPd ?? []).length).toBeGreaterThan(0);
    }
  });

  test('G-3: before the prefix is delegated nothing crosses from LAN to WAN; once it is, the LAN host\'s traffic passes', async () => {
    const s = await script();
    const { segments } = topo();
    const early = decoded(segments.access).filter((f) => f.icmp6?.type === 'echo-request' && (f.icmp6 as { id: number }).id === 0x6301);
    expect(early, 'the echo sent before the delegation, on access').toEqual([]);
    expect(s.earlyEcho).toBeLessThan(s.reply);
    await expect(s.lan.host.ping6(WORLD.server6, { timeout: 5000 })).resolves.toBeReachable();
    expect(segments.access).toHaveSeen((f) => f.ipv6?.src === s.lan.ip6 && f.icmp6?.type === 'echo-request', `the LAN host's echo from ${s.lan.ip6} on access`);
  });

  test('DHCP6-6: Advertises with a wrong transaction id, another client\'s or no Client Identifier, or no Server Identifier are discarded: the Request names the valid server', async () => {
    const s = await script();
    const named = s.request.dhcp6!.options.serverId as Duid & { lla?: string };
    expect(named?.type === 'll' && named.lla).toBe(FORGER_MAC);
    for (const b of s.bad) {
      const asked = routerFrames().filter((f) => f.dhcp6?.type === 'request' && JSON.stringify(f.dhcp6.options.serverId).includes(b.serverId.lla));
      expect(asked, `a Request to the server of the Advertise with ${b.what}`).toEqual([]);
    }
  });

  test('WPD-6: an Advertise and Reply with an IA_PD and an IA_NA saying NoAddrsAvail are accepted: the router Requests, and its LAN RA carries a /64 of the prefix', async () => {
    const s = await script();
    expect((s.request.dhcp6!.options.iaPd ?? []).length).toBeGreaterThan(0);
    expect(prefixContains(GOOD, s.lan.pio)).toBe(true);
  });

  test(`DHCP6-13: an unknown option (${UNKNOWN_OPTION}) in the Advertise and Reply is ignored, not a reason to discard them`, async () => {
    const s = await script();
    expect(s.request.time).toBeGreaterThan(s.answered.time);
    expect(prefixContains(GOOD, s.lan.pio)).toBe(true);
  });

  test(`DHCP6-10: a delegated prefix whose preferred lifetime exceeds its valid lifetime (${CONTRADICTORY}) is discarded: never advertised on lan`, async () => {
    const s = await script();
    await s.lan.host.solicit({ timeout: 5000 });
    expect(topo().segments.lan).not.toHaveSeen(
      (f) => f.icmp6?.type === 'ra' && ((f.icmp6 as { options: { prefix?: Pio[] } }).options.prefix ?? []).some((p) => prefixContains(CONTRADICTORY, p.prefix)),
      `an RA with a PIO inside ${CONTRADICTORY}`,
    );
    expect(topo().segments.lan).not.toHaveSeen((f) => !!f.ipv6 && prefixContains(CONTRADICTORY, `${f.ipv6.src}/128`), `a packet from inside ${CONTRADICTORY} on lan`);
  });

  test(`WPD-8: with a Prefix Exclude naming ${EXCLUDED} in the delegation of ${EXCLUDING}, that /64 is never advertised on lan`, async () => {
    const s = await script();
    expect(s.request.dhcp6!.options.oro ?? s.answered.dhcp6!.options.oro).toContain(67);
    await s.lan.host.solicit({ timeout: 5000 });
    expect(topo().segments.lan).not.toHaveSeen(
      (f) => f.icmp6?.type === 'ra' && ((f.icmp6 as { options: { prefix?: Pio[] } }).options.prefix ?? []).some((p) => p.prefix === EXCLUDED),
      `an RA with a PIO for ${EXCLUDED}`,
    );
  });

  test.fails('L-16: with infinite delegated lifetimes the LAN RA caps them: Router Lifetime and PIO preferred ≤ 2700 s, PIO valid, RDNSS and DNSSL ≤ 5400 s (expected fail: 3600 s)', async ({ task }) => {
    expectedFail(task, 'the fixture\'s dnsmasq advertises the delegated /64 with the 1 h lease time of its dhcp-range (/init: "dhcp-range=::,constructor:lan,ra-stateless,64,1h"): preferred 3600 s > ND_PREFERRED_LIMIT 2700 s; RFC 9096 L-16 asks for 2700/5400');
    const s = await script();
    const ra = await s.lan.host.solicit({ timeout: 5000 });
    expect(ra.routerLifetime).toBeLessThanOrEqual(2700);
    for (const p of (ra.ra.options.prefix ?? []).filter((x) => prefixContains(GOOD, x.prefix))) {
      expect(p.preferredLifetime).toBeLessThanOrEqual(2700);
      expect(p.validLifetime).toBeLessThanOrEqual(5400);
    }
    for (const r of ra.ra.options.rdnss ?? []) expect(r.lifetime).toBeLessThanOrEqual(5400);
    for (const d of ra.ra.options.dnssl ?? []) expect(d.lifetime).toBeLessThanOrEqual(5400);
  });

  test('WAA-7: with no global address from SLAAC or DHCPv6 the router uses one from the delegated prefix: its Time Exceeded to the world comes from inside it', async () => {
    const s = await script();
    const { hosts, segments } = topo();
    const exceeded = segments.access.next((f) => decodeFrame(f.data).icmp6?.type === 'time-exceeded', { timeout: 5000, what: 'a Time Exceeded on access' });
    // Hop limit 2: the border forwards it with 1, and the router may not.
    hosts.server.send({ ...echoRequest6({ mac: hosts.server.mac, dstMac: macOf(topo().border!, 'world'), src: WORLD.server6, dst: s.lan.ip6, id: 0x6307 }), ipv6: { src: WORLD.server6, dst: s.lan.ip6, hopLimit: 2 } });
    const te = decodeFrame((await exceeded).data);
    expect(te.ipv6!.dst).toBe(WORLD.server6);
    expect(delegated(te.ipv6!.src), `Time Exceeded from ${te.ipv6!.src}`).toBe(true);
  });

  test("WAA-9: weak host model: with only a link-local address on the WAN, the router's own errors to the world leave from an address of the delegated prefix, and that address answers the world", async () => {
    const s = await script();
    const { hosts, segments, router } = topo();
    const rmac = macOf(router, 'wan');
    // An address of the delegation outside the LAN /64: the router itself says it is unreachable.
    const target = neighbourOf(s.lan.pio);
    expect(prefixContains(GOOD, `${target}/128`), `${target} inside ${GOOD}`).toBe(true);
    const error = segments.access.next((f) => {
      const d = decodeFrame(f.data);
      return d.eth?.src === rmac && d.icmp6?.type === 'unreachable' && d.ipv6?.dst === WORLD.server6;
    }, { timeout: 5000, what: `the router's Destination Unreachable about ${target}` });
    hosts.server.send(echoRequest6({ mac: hosts.server.mac, dstMac: macOf(topo().border!, 'world'), src: WORLD.server6, dst: target, id: 0x6309 }));
    const du = decodeFrame((await error).data);
    expect(delegated(du.ipv6!.src), `Destination Unreachable from ${du.ipv6!.src}`).toBe(true);
    await expect(hosts.server.ping6(du.ipv6!.src, { timeout: 5000 })).resolves.toBeReachable();
  });

  test('WAA-1: from an RA with an autonomous PIO the router forms a WAN address by SLAAC, DADs it, and answers a world host\'s echo to it', async () => {
    await script();
    const { hosts, segments, router } = topo();
    const rmac = macOf(router, 'wan');
    const dad = segments.access.next((f) => {
      const d = decodeFrame(f.data);
      return d.eth?.src === rmac && d.icmp6?.type === 'ns' && d.ipv6?.src === '::' && 'target' in d.icmp6 && prefixContains('3fff:0:0:1::/64', `${d.icmp6.target}/128`);
    }, { timeout: 10_000, what: 'DAD for an address in 3fff:0:0:1::/64' });
    raAsBorder({ managed: true, other: true, prefixes: [{ prefix: '3fff:0:0:1::/64', onLink: true, autonomous: true, validLifetime: 3600, preferredLifetime: 1800 }] });
    const ns = decodeFrame((await dad).data);
    const address = canonicalIp((ns.icmp6 as { target: string }).target);
    await retry(async () => (await hosts.server.ping6(address, { timeout: 1500 }).catch(() => undefined)) ?? undefined, { timeout: 10_000, interval: 500, what: `an echo reply from ${address}` });
  });

  test('WAA-2: a PIO with A=1, L=0 makes no on-link prefix: traffic to another address in it goes to the border, with no NS for it on access', async () => {
    const s = await script();
    const { router, segments } = topo();
    const rmac = macOf(router, 'wan');
    const bmac = macOf(topo().border!, 'access');
    raAsBorder({ managed: true, other: true, prefixes: [{ prefix: '3fff:0:0:2::/64', onLink: false, autonomous: true, validLifetime: 3600, preferredLifetime: 1800 }] });
    // The router acts on the RA: it forms (and DADs) an address in the prefix.
    await segments.access.find((f) => {
      const d = decodeFrame(f.data);
      return d.eth?.src === rmac && d.icmp6?.type === 'ns' && d.ipv6?.src === '::' && 'target' in d.icmp6 && prefixContains('3fff:0:0:2::/64', `${d.icmp6.target}/128`);
    }, { timeout: 10_000, what: 'DAD for an address in 3fff:0:0:2::/64' });
    const target = '3fff:0:0:2::99';
    const forwarded = segments.access.next((f) => {
      const d = decodeFrame(f.data);
      return d.eth?.src === rmac && d.ipv6?.dst === target && d.icmp6?.type === 'echo-request';
    }, { timeout: 5000, what: `the echo to ${target} forwarded on access` });
    const ra = await s.lan.host.solicit({ timeout: 5000 });
    s.lan.host.send(echoRequest6({ mac: s.lan.host.mac, dstMac: ra.mac, src: s.lan.ip6, dst: target, id: 0x6302 }));
    expect(decodeFrame((await forwarded).data).eth!.dst).toBe(bmac);
    expect(segments.access).not.toHaveSeen((f) => f.eth?.src === rmac && f.icmp6?.type === 'ns' && f.ipv6?.src !== '::' && 'target' in f.icmp6 && canonicalIp(f.icmp6.target) === target, `an NS for ${target}`);
  });

  test('DHCP6-12: the router never sent more than 20 DHCPv6 messages in any 20 s window', async () => {
    await script();
    const times = routerFrames().filter((f) => f.dhcp6).map((f) => f.time);
    expect(times.length).toBeGreaterThan(2);
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t >= times[i] && t < times[i] + 20_000).length;
      expect(inWindow, `messages in the 20 s from the ${i + 1}th`).toBeLessThanOrEqual(20);
    }
  });
});
