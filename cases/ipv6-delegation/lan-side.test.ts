// The router's IPv6 LAN side with its WAN unplugged (RFC 7084 §4.1 G-4, §4.3 L-*, ULA-*), and its
// DHCPv6 server (RFC 8415) as LAN hosts meet it: router advertisements solicited and periodic,
// neighbour discovery of the router, Information-request, Solicit and Request answered or
// discarded as the RFC says. Messages are forged by userspace hosts with MACs of their own, so the
// cases share one boot; "discarded" is decided against a sentinel Information-request the router
// answers after the probe. ULA-2 boots the router a second time.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Host, RaSeen } from '../../harness/host/host.ts';
import type { Segment } from '../../harness/net/segment.ts';
import { canonicalIp, decodeFrame, neighborSolicitation, prefixContains, routerSolicitation, type FrameInit, type Na } from '../../harness/packets/index.ts';
import { retry } from '../../harness/util/wait.ts';
import { expectedFail } from '../../harness/vitest/meta.ts';
import { images, useTopology } from '../../harness/vitest/topology.ts';
import { lan } from '../../topologies/lan.ts';
import { answersTo, ask, bootAgain, dhcp6, lanHost, lines, routerAdvertisements, unsolicitedRas, xid6, type RaHeard, type SecondBoot } from '../support/lan.ts';

const ULA = 'fc00::/7';
const isUla = (prefix: string) => prefixContains(ULA, prefix);
/** RFC 4861 §6.2.1 MaxRtrAdvInterval, at most. */
const MAX_RTR_ADV_INTERVAL_S = 600;

/** The RA answering a fresh RS from `host`, and all the router's RAs on `lan` so far. */
async function allRas(lan: Segment, host: Host): Promise<{ solicited: RaSeen; all: RaHeard[] }> {
  const solicited = await host.solicit();
  return { solicited, all: routerAdvertisements(lan) };
}

/**
 * The router's periodic RAs since it booted, once there are at least `n` (waiting for more, up to
 * `timeout`; dnsmasq repeats its first RAs every 5-20 s for a minute, then every 450-600 s).
 */
async function periodic(lan: Segment, n: number, timeout = 45_000): Promise<RaHeard[]> {
  return retry(
    async () => {
      const ras = unsolicitedRas(lan);
      if (ras.length >= n) return ras;
      await lan.next((f) => f.from === 'qemu' && decodeFrame(f.data).icmp6?.type === 'ra', { timeout: 5000 }).catch(() => undefined);
      return undefined;
    },
    { timeout, interval: 0, what: `${n} unsolicited RAs on lan`, evidence: () => `unsolicited RAs so far: ${unsolicitedRas(lan).length}` },
  );
}

/**
 * Each probe from `host`, then a sentinel Information-request the router answers: the answers
 * each probe got, one line each (empty: discarded).
 */
async function answersToEach(lan: Segment, host: Host, probes: Record<string, FrameInit>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [what, probe] of Object.entries(probes)) {
    const answers = await answersTo(lan, host, probe, dhcp6('information-request', { mac: host.mac, xid: xid6() }), what);
    out[what] = answers.length ? lines(answers) : '';
  }
  return out;
}

const discardedAll = (probes: Record<string, unknown>) => Object.fromEntries(Object.keys(probes).map((k) => [k, '']));

const lifetimes = (ras: Array<{ ra: { routerLifetime: number } }>) => ras.map((r) => r.ra.routerLifetime);

describe.each(images())('the LAN side of $label with its WAN unplugged', (image) => {
  const topo = useTopology(lan, image);
  // ULA-2's second boot starts once the first is up and overlaps the cases before it (the last).
  let again: SecondBoot | undefined;
  beforeAll(() => {
    again = bootAgain(lan, image);
  });
  afterAll(() => again?.close());

  test('L-1: an RS is answered by an RA from a link-local source with hop limit 255; an NS for a router address is answered by an NA with the Router flag', async () => {
    const { segments, router } = topo();
    const host = await lanHost(segments.lan, 'l1', '52:54:00:a6:00:05');
    const answer = host.next((f) => f.icmp6?.type === 'ra', { what: 'an RA answering the RS', timeout: 10_000 });
    host.send(routerSolicitation({ mac: host.mac }));
    const ra = (await answer).frame;
    for (const f of [ra, ...routerAdvertisements(segments.lan).map((r) => r.frame)]) {
      expect(f.ipv6!.hopLimit, 'hop limit of an RA').toBe(255);
      expect(prefixContains('fe80::/10', `${f.ipv6!.src}/128`), `RA source ${f.ipv6!.src}`).toBe(true);
    }
    const src = canonicalIp(ra.ipv6!.src);
    const global = (await router.succeed("ip -6 -o addr show dev lan scope global | awk '{print $4}' | cut -d/ -f1 | head -n1")).trim();
    for (const target of [src, global].filter(Boolean).map(canonicalIp)) {
      const na = host.next((f) => f.icmp6?.type === 'na' && canonicalIp((f.icmp6 as Na).target) === target, { what: `an NA for ${target}`, timeout: 5000 });
      host.send(neighborSolicitation({ mac: host.mac, target }));
      const got = (await na).frame.icmp6 as Na;
      expect(got.router, `R flag in the NA for ${target}`).toBe(true);
      expect(got.solicited, `S flag in the NA for ${target}`).toBe(true);
    }
    host.close();
  });

  test('L-8: an Information-request to ff02::1:2 is answered by a Reply from the router', async () => {
    const { segments } = topo();
    const host = await lanHost(segments.lan, 'l8', '52:54:00:a6:00:06');
    const xid = xid6();
    const reply = await ask(segments.lan, host, dhcp6('information-request', { mac: host.mac, xid }), 'a Reply to the Information-request');
    expect(reply.frame.dhcp6!.type).toBe('reply');
    expect(reply.frame.dhcp6!.xid).toBe(xid);
    expect(prefixContains('fe80::/10', `${reply.frame.ipv6!.src}/128`)).toBe(true);
    expect(reply.frame.ipv6!.dst).toBe(host.ip6[0]);
    host.close();
  });

  test('L-9: the router assigns no address to a Solicit with IA_NA, and its RAs have M=0 and O=1', async ({ skip }) => {
    const { segments } = topo();
    const host = await lanHost(segments.lan, 'l9', '52:54:00:a6:00:07');
    const adv = await ask(segments.lan, host, dhcp6('solicit', { mac: host.mac, xid: xid6(), iaNa: true }), 'an Advertise to the Solicit');
    const addresses = (adv.frame.dhcp6!.options.iaNa ?? []).flatMap((ia) => ia.options.iaAddr ?? []);
    if (addresses.length) return skip('the router assigns addresses with IA_NA: L-9 does not apply');
    const { solicited, all } = await allRas(segments.lan, host);
    expect({ managed: solicited.ra.managed, other: solicited.ra.other }).toEqual({ managed: false, other: true });
    for (const r of all) expect({ managed: r.ra.managed, other: r.ra.other }).toEqual({ managed: false, other: true });
    host.close();
  });

  test('DHCP6-S-1: the Reply to an Information-request and the Advertise to a Solicit carry the server\'s DUID and the client\'s own Client Identifier, with its transaction id', async () => {
    const { segments } = topo();
    const host = await lanHost(segments.lan, 's1', '52:54:00:a6:00:08');
    const own = { type: 'll', hwType: 1, lla: host.mac };
    for (const type of ['information-request', 'solicit'] as const) {
      const xid = xid6();
      const answer = await ask(segments.lan, host, dhcp6(type, { mac: host.mac, xid, iaNa: type === 'solicit' }), `an answer to the ${type}`);
      const d = answer.frame.dhcp6!;
      expect(d.type).toBe(type === 'solicit' ? 'advertise' : 'reply');
      expect(d.xid).toBe(xid);
      expect(d.options.serverId, `Server Identifier in the answer to the ${type}`).toBeDefined();
      expect(d.options.clientId, `Client Identifier in the answer to the ${type}`).toEqual(own);
    }
    host.close();
  });

  test.fails('DHCP6-S-2: Information-request and Solicit unicast to the router\'s link-local address are discarded (expected fail: dnsmasq answers them)', async ({ task }) => {
    expectedFail(
      task,
      'RFC 8415 §16: "A server MUST discard any Solicit, Confirm, Rebind, or Information-request messages it receives with a Layer 3 unicast destination address." dnsmasq 2.90 never looks at the destination of a DHCPv6 message (its "is_unicast" flag is computed from the source address, so it is always false for clients) and answers unicast ones like multicast ones.',
    );
    const { segments } = topo();
    const host = await lanHost(segments.lan, 's2', '52:54:00:a6:00:09');
    const ra = await host.solicit();
    const router = { ip: ra.src, mac: ra.mac };
    const probes = {
      [`an Information-request unicast to ${router.ip}`]: dhcp6('information-request', { mac: host.mac, xid: xid6(), dst: router }),
      [`a Solicit unicast to ${router.ip}`]: dhcp6('solicit', { mac: host.mac, xid: xid6(), iaNa: true, dst: router }),
    };
    expect(await answersToEach(segments.lan, host, probes), 'answers to each probe').toEqual(discardedAll(probes));
    host.close();
  });

  test('DHCP6-S-3: a Solicit without a Client Identifier, and one with a Server Identifier, are discarded', async () => {
    const { segments } = topo();
    const host = await lanHost(segments.lan, 's3', '52:54:00:a6:00:0a');
    // Whose DUID a Solicit names does not matter: a Solicit must name none. Use the router's own.
    const serverId = (await ask(segments.lan, host, dhcp6('information-request', { mac: host.mac, xid: xid6() }), 'the server DUID')).frame.dhcp6!.options.serverId;
    const probes = {
      'a Solicit without a Client Identifier': dhcp6('solicit', { mac: host.mac, xid: xid6(), iaNa: true, options: { clientId: undefined } }),
      'a Solicit with a Server Identifier': dhcp6('solicit', { mac: host.mac, xid: xid6(), iaNa: true, serverId }),
    };
    expect(await answersToEach(segments.lan, host, probes), 'answers to each probe').toEqual(discardedAll(probes));
    host.close();
  });

  test('DHCP6-S-4: the Advertise to a Solicit has no Preference option or one with value 0', async () => {
    const { segments } = topo();
    const host = await lanHost(segments.lan, 's4', '52:54:00:a6:00:0b');
    const adv = await ask(segments.lan, host, dhcp6('solicit', { mac: host.mac, xid: xid6(), iaNa: true }), 'an Advertise to the Solicit');
    expect(adv.frame.dhcp6!.type).toBe('advertise');
    expect(adv.frame.dhcp6!.options.preference ?? 0).toBe(0);
    host.close();
  });

  test("DHCP6-S-5: a Request without a Server Identifier, and one naming another server's DUID, are discarded", async () => {
    const { segments } = topo();
    const host = await lanHost(segments.lan, 's5', '52:54:00:a6:00:0c');
    const probes = {
      'a Request without a Server Identifier': dhcp6('request', { mac: host.mac, xid: xid6(), iaNa: true }),
      "a Request naming another server's DUID": dhcp6('request', { mac: host.mac, xid: xid6(), iaNa: true, serverId: { type: 'll', lla: '52:54:00:99:99:99' } }),
    };
    expect(await answersToEach(segments.lan, host, probes), 'answers to each probe').toEqual(discardedAll(probes));
    host.close();
  });
  test('G-4: with no default router on its WAN the router never advertises itself as one: every RA on lan, solicited or periodic, has Router Lifetime 0', async () => {
    const { segments } = topo();
    const host = await lanHost(segments.lan, 'g4', '52:54:00:a6:00:01');
    const { solicited } = await allRas(segments.lan, host);
    expect(solicited.routerLifetime).toBe(0);
    await periodic(segments.lan, 1);
    const all = routerAdvertisements(segments.lan);
    expect(lifetimes(all), `Router Lifetime of the ${all.length} RAs seen`).toEqual(all.map(() => 0));
    host.close();
  });

  test('L-4: with no prefix delegated the RA answering an RS and all periodic RAs have Router Lifetime 0', async () => {
    const { segments } = topo();
    const host = await lanHost(segments.lan, 'l4', '52:54:00:a6:00:02');
    const { solicited, all } = await allRas(segments.lan, host);
    // Nothing delegated: the only prefixes advertised are the router's own ULA.
    const global = all.flatMap((r) => (r.ra.options.prefix ?? []).map((p) => p.prefix)).filter((p) => !isUla(p));
    expect(global, 'non-ULA prefixes advertised with the WAN unplugged').toEqual([]);
    expect(solicited.routerLifetime).toBe(0);
    const periodicRas = await periodic(segments.lan, 1);
    expect(lifetimes(periodicRas)).toEqual(periodicRas.map(() => 0));
    host.close();
  });

  test('ULA-5: RAs whose prefixes are all ULA prefixes have Router Lifetime 0', async () => {
    const { segments } = topo();
    const host = await lanHost(segments.lan, 'ula5', '52:54:00:a6:00:03');
    const { solicited, all } = await allRas(segments.lan, host);
    expect(solicited.prefixes.length, 'the RA advertises a prefix').toBeGreaterThan(0);
    const ulaOnly = all.filter((r) => (r.ra.options.prefix ?? []).every((p) => isUla(p.prefix)));
    expect(ulaOnly.length, 'RAs carrying only ULA prefixes').toBe(all.length);
    expect(lifetimes(ulaOnly)).toEqual(ulaOnly.map(() => 0));
    host.close();
  });

  test(`L-5: lan is an advertising interface: unsolicited RAs to ff02::1 repeat at intervals of at most ${MAX_RTR_ADV_INTERVAL_S} s`, async () => {
    const { segments } = topo();
    const ras = await periodic(segments.lan, 2);
    for (const r of ras) expect(prefixContains('fe80::/10', `${r.frame.ipv6!.src}/128`)).toBe(true);
    const gaps = ras.slice(1).map((r, i) => (r.time - ras[i].time) / 1000);
    expect(Math.max(...gaps), `gaps between unsolicited RAs (s): ${gaps.map((g) => g.toFixed(1)).join(', ')}`).toBeLessThanOrEqual(MAX_RTR_ADV_INTERVAL_S);
  });

  test('ULA-2: the ULA prefix the router advertises is the same after a reboot', async ({ skip }) => {
    const { segments } = topo();
    const host = await lanHost(segments.lan, 'ula2', '52:54:00:a6:00:04');
    const before = (await host.solicit()).prefixes.filter(isUla);
    host.close();
    if (!before.length) return skip('the router advertises no ULA prefix');
    const rebooted = (await again!.running).segments.lan;
    const h = await lanHost(rebooted, 'ula2', '52:54:00:a6:00:04');
    const after = (await h.solicit({ timeout: 20_000 })).prefixes.filter(isUla);
    h.close();
    expect(after).toEqual(before);
  });
});
