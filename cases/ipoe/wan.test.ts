// IPoE WAN against the border VM, on every image: DHCPv4 gives the router its address and default
// route on `wan`, DHCPv6 (after the border's RA with M=1) an address and a delegated prefix that
// numbers the LAN; a LAN host reaches the world over IPv4 (NAT44) and IPv6 (its own address).
// Then the router as a WAN client and a requesting router, read from the wire (RFC 7084 §4.2,
// RFC 8415, RFC 2131), and what it makes of the delegation on the LAN (RFC 7084 §4.3, §4.5).
// Short leases (DHCPv4 20 s, DHCPv6 preferred 20 s / valid 40 s) so that renewals happen while
// the cases run. From the first renewal case on, the ISP's DHCP servers are stopped until the
// router rebinds (then started again): the renewals and both rebinds are seen over one wait
// (T2), while the cases between them run. The IPv4 lease may lapse for a moment then (no case
// after NAT44-SRC uses IPv4); the delegation never does (valid 40 s, rebind at 16 s).
import { describe, expect, test } from 'vitest';
import { Host } from '../../harness/host/host.ts';
import { canonicalIp, decodeFrame, dhcp6Client, echoRequest6, linkLocal, parsePrefix, prefixContains, routerAdvertisement, udpDatagram, type Dhcp6Options, type Duid } from '../../harness/packets/index.ts';
import { expectedFail } from '../../harness/vitest/meta.ts';
import { images, useTopology } from '../../harness/vitest/topology.ts';
import { NetrigError, retry, sleep } from '../../harness/util/wait.ts';
import { ipoe } from '../../topologies/ipoe.ts';
import { WORLD } from '../../topologies/world.ts';
import { dhcpAckOf, decoded, macOf, neighbourOf, pdReplyOf, wanBasics, withBorderWords, type SeenDecoded } from '../support/wan.ts';
import { dnsQuery } from '../support/lan.ts';

const PREFERRED = 20;
const VALID = 40;
const LEASE4 = 20;
// No DNS server by DHCPv4: the router's DNS forwarder then has the DHCPv6 one alone (WAA-4).
const topology = withBorderWords(ipoe, 'ipoe', [`netrig.dhcp6.preferred=${PREFERRED}`, `netrig.dhcp6.valid=${VALID}`, `netrig.dhcp4.lease=${LEASE4}`, 'netrig.dhcp4.dns=']);
/** What the border's DHCPv6 server hands out besides addresses (fixtures/border: netrig.dhcp6.*). */
const ISP = { dns6: '3fff:0:0:1::1', domain: 'isp.test', ntp6: '3fff:0:0:1::1', dhcp4: '10.0.1.1' } as const;
/** The border's access /64 as its RAs announce it (on-link, not for SLAAC). */
const ISP_LINK = { prefix: '3fff:0:0:1::/64', onLink: true, autonomous: false, validLifetime: 86400, preferredLifetime: 14400 };

const same = (a: Duid | undefined, b: Duid | undefined) => a !== undefined && JSON.stringify(a) === JSON.stringify(b);
/** The address in a DHCPv6 NTP server option (RFC 5908): sub-option 1 carries it. */
function ntpAddress(raw: Uint8Array | undefined): string | undefined {
  if (!raw || raw.length < 20 || raw[1] !== 1) return undefined;
  const b = Buffer.from(raw.subarray(4, 20));
  return canonicalIp(Array.from({ length: 8 }, (_, i) => b.readUInt16BE(i * 2).toString(16)).join(':'));
}

describe.each(images())('IPoE WAN on $label', (image) => {
  const topo = useTopology(topology, image);
  const wan = wanBasics(topo, {
    wanDev: 'wan',
    upTitle: 'the router takes its IPv4 address and default route from the ISP by DHCPv4 (DHCPACK on access)',
    upEvidence: (ipv4) => [[dhcpAckOf(ipv4), `a DHCPACK of ${ipv4}`]],
    pdTitle: 'WPD-1: a prefix is delegated by DHCPv6 on access (Reply with IA_PD) and the router numbers its LAN from it',
    pdEvidence: (prefix) => [
      [(f) => f.dhcp6?.type === 'solicit' && (f.dhcp6.options.iaPd ?? []).length > 0, 'a DHCPv6 Solicit with IA_PD (W-4)'],
      [pdReplyOf(prefix), `a DHCPv6 Reply delegating ${prefix}`],
    ],
  });

  /** The router's frames on access (from its WAN MAC), and the border's. */
  const access = () => {
    const { router, border, segments } = topo();
    const frames = decoded(segments.access);
    const rmac = macOf(router, 'wan');
    const bmac = macOf(border!, 'access');
    return { frames, rmac, bmac, fromRouter: frames.filter((f) => f.eth?.src === rmac), fromBorder: frames.filter((f) => f.eth?.src === bmac) };
  };
  const dhcp6From = (fs: SeenDecoded[], type: string) => fs.filter((f) => f.dhcp6?.type === type);
  /** The first Reply that delegated a prefix, and the border's exchange around it. */
  const delegation = async () => {
    await wan.pd();
    const a = access();
    const reply = dhcp6From(a.fromBorder, 'reply').find((f) => (f.dhcp6!.options.iaPd ?? []).some((ia) => (ia.options.iaPrefix ?? []).length > 0));
    if (!reply) throw new NetrigError('no DHCPv6 Reply with a prefix on access');
    return { ...a, reply };
  };

  /** The ISP's DHCP servers stopped, until the router's Rebinds (DHCPv4, DHCPv6) have come. */
  let quiet: Promise<{ stopped: number; rebind4: SeenDecoded; rebind6: SeenDecoded }> | undefined;
  /** When the ISP's DHCP servers were stopped (before the Rebinds quietIsp waits for). */
  let quietFrom: (t: number) => void = () => {};
  const quietSince = new Promise<number>((r) => (quietFrom = r));
  const quietIsp = () =>
    (quiet ??= (async () => {
      const s = await wan.up();
      await wan.pd();
      const { router, segments } = topo();
      const border = wan.border();
      const rmac = macOf(router, 'wan');
      const stopped = Date.now();
      await border.stop('dhcp4');
      await border.stop('dhcp6');
      quietFrom(stopped);
      const rebound = async (what: string, timeout: number, match: (d: SeenDecoded) => boolean, service: 'dhcp4' | 'dhcp6') => {
        try {
          const f = await segments.access.find((x) => x.time > stopped && match({ ...decodeOf(x), time: x.time, from: x.from, raw: x.data }), { timeout, what });
          return { ...decodeOf(f), time: f.time, from: f.from, raw: f.data };
        } finally {
          await border.start(service);
        }
      };
      const [rebind4, rebind6] = await Promise.all([
        rebound('a rebinding DHCPREQUEST (broadcast, ciaddr set)', (LEASE4 + 10) * 1000, (d) => d.eth?.src === rmac && d.dhcp4?.options.messageType === 'request' && d.ipv4?.dst === '255.255.255.255' && d.dhcp4.ciaddr === s.ipv4, 'dhcp4'),
        rebound('a DHCPv6 Rebind', (VALID + 5) * 1000, (d) => d.eth?.src === rmac && d.dhcp6?.type === 'rebind', 'dhcp6'),
      ]);
      return { stopped, rebind4, rebind6 };
    })());

  test('DHCP4-C-SOURCE: the router broadcasts its DHCPDISCOVER and SELECTING DHCPREQUEST from IP source 0.0.0.0', async () => {
    await wan.up();
    const { fromRouter } = access();
    const discover = fromRouter.filter((f) => f.dhcp4?.options.messageType === 'discover');
    const selecting = fromRouter.filter((f) => f.dhcp4?.options.messageType === 'request' && f.dhcp4.options.requestedIp !== undefined);
    expect(discover.length).toBeGreaterThan(0);
    expect(selecting.length).toBeGreaterThan(0);
    for (const f of [...discover, ...selecting]) {
      expect(f.ipv4?.src).toBe('0.0.0.0');
      expect(f.ipv4?.dst).toBe('255.255.255.255');
    }
  });

  test("DHCP4-C-SELECTING: the DHCPREQUEST after the border's DHCPOFFER names the server (54), asks for the offered address (50) with ciaddr 0.0.0.0", async () => {
    const s = await wan.up();
    const { frames, rmac } = access();
    const offer = frames.find((f) => f.dhcp4?.options.messageType === 'offer' && f.dhcp4.chaddr === rmac);
    expect(offer, 'a DHCPOFFER for the router').toBeDefined();
    const request = frames.find((f) => f.time >= offer!.time && f.eth?.src === rmac && f.dhcp4?.xid === offer!.dhcp4!.xid && f.dhcp4.options.messageType === 'request');
    expect(request, 'a DHCPREQUEST answering that offer').toBeDefined();
    expect(request!.dhcp4!.options.serverId).toBe(offer!.dhcp4!.options.serverId);
    expect(request!.dhcp4!.options.serverId).toBe(ISP.dhcp4);
    expect(request!.dhcp4!.options.requestedIp).toBe(offer!.dhcp4!.yiaddr);
    expect(request!.dhcp4!.ciaddr ?? '0.0.0.0').toBe('0.0.0.0');
    expect(offer!.dhcp4!.yiaddr).toBe(s.ipv4);
  });

  test('WPD-5: a packet for the delegated prefix outside the LAN /64 is dropped: not sent back out on access, nor onto lan', async () => {
    const { target, echo } = await probeUnassigned();
    const { segments } = topo();
    const id = (echo.icmp6 as { id: number }).id;
    const seen = decoded(segments.access).filter((f) => f.time >= echo.time && f.ipv6?.dst === target && f.icmp6?.type === 'echo-request' && (f.icmp6 as { id: number }).id === id);
    expect(seen.length, `the echo request to ${target} on access: once (inbound), never sent back`).toBe(1);
    expect(segments.lan).not.toHaveSeen((f) => f.ipv6?.dst === target, `a packet for ${target} on lan`);
  });

  test('WPD-5(a): the router answers that packet with an ICMPv6 Destination Unreachable to its source', async () => {
    const { target } = await probeUnassigned();
    expect(topo().segments.access).toHaveSeen(
      (f) => f.icmp6?.type === 'unreachable' && f.ipv6?.dst === WORLD.server6 && (f.icmp6 as { data?: Uint8Array }).data !== undefined && canonicalIp(rawDst(f)) === target,
      `a Destination Unreachable to ${WORLD.server6} about ${target}`,
    );
  });

  let probed: { target: string; echo: SeenDecoded } | undefined;
  /**
   * The world server pings an address of the delegated prefix the LAN /64 does not cover, while
   * the router is between renewals (the renewing router is the expected-fail case below).
   */
  async function probeUnassigned(): Promise<{ target: string; echo: SeenDecoded }> {
    if (!probed) await betweenRenewals();
    return (probed ??= await sendProbe(0x5705, (target) => topo().segments.access.next((f) => isUnreachableAbout(f.data, target), { timeout: 5000, what: `a Destination Unreachable about ${target}` })));
  }
  /**
   * Returns once the router is bound and settled: at least 2 s after the border's last DHCPv6
   * Reply (the router's hook rebuilding its routes takes about a second on mipsel) and at least 3 s
   * before its next Renew at T1 (half the preferred lifetime, PREFERRED); else waits for the
   * next Reply. Renewals come every 10 s here, and a probe sent 0.4 s after a Reply found the
   * reject route not yet back (mipsel, a full run).
   */
  async function betweenRenewals(): Promise<void> {
    const t1 = PREFERRED / 2;
    for (let i = 0; i < 4; i++) {
      const { fromBorder, bmac } = access();
      const last = dhcp6From(fromBorder, 'reply').at(-1);
      const age = last ? (Date.now() - last.time) / 1000 : Infinity;
      if (age >= 2 && age <= t1 - 3) return;
      if (age < 2) await sleep((2 - age) * 1000);
      else await topo().segments.access.next((f) => decodeOf(f).eth?.src === bmac && decodeOf(f).dhcp6?.type === 'reply', { timeout: (PREFERRED + 10) * 1000, what: "the border's next DHCPv6 Reply (a renewal)" });
    }
  }
  /** Sends the probe (echo `id`) and awaits `answer` (started before it is sent). */
  async function sendProbe(id: number, answer: (target: string) => Promise<unknown>): Promise<{ target: string; echo: SeenDecoded }> {
    const prefix = await wan.pd();
    const c = await wan.lan();
    const target = neighbourOf(c.pio);
    expect(prefixContains(prefix, `${target}/128`)).toBe(true);
    const { hosts, segments } = topo();
    const answered = answer(target);
    // An echo nobody may answer: sent, not awaited (its only answer is the one awaited above).
    const sent = Date.now();
    hosts.server.send(echoRequest6({ mac: hosts.server.mac, dstMac: macOf(topo().border!, 'world'), src: WORLD.server6, dst: target, id }));
    await answered;
    const echo = decoded(segments.access).find((f) => f.time >= sent - 50 && f.ipv6?.dst === target && f.icmp6?.type === 'echo-request' && (f.icmp6 as { id: number }).id === id)!;
    return { target, echo };
  }

  test(`DHCP4-C-RENEW: at T1, before T2, the router unicasts a DHCPREQUEST to the server with ciaddr set and no options 50/54 (${LEASE4} s lease)`, async () => {
    const s = await wan.up();
    // The ISP goes quiet from here (see the top of the file): this renewal goes unanswered.
    quietIsp().catch(() => undefined);
    const { router, segments } = topo();
    const rmac = macOf(router, 'wan');
    const isRenew = (f: SeenDecoded) =>
      f.eth?.src === rmac && f.dhcp4?.options.messageType === 'request' && f.ipv4?.dst === ISP.dhcp4 && f.ipv4.src === s.ipv4;
    const ack = decoded(segments.access).find((f) => dhcpAckOf(s.ipv4!)(f));
    expect(ack, 'the DHCPACK that bound the lease').toBeDefined();
    await segments.access.find((f) => f.time > ack!.time && isRenew({ ...decodeOf(f), time: f.time, from: f.from, raw: f.data }), { timeout: (LEASE4 + 10) * 1000, what: 'a renewing DHCPREQUEST on access' });
    const renew = access().fromRouter.find((f) => f.time > ack!.time && isRenew(f))!;
    expect(renew.dhcp4!.ciaddr).toBe(s.ipv4);
    expect(renew.dhcp4!.options.requestedIp).toBeUndefined();
    expect(renew.dhcp4!.options.serverId).toBeUndefined();
    // T1 is 0.5 × lease, T2 0.875 × lease (RFC 2131 §4.4.5), counted from the ACK. An emulated
    // guest's timer fires late under load, never early: a renewal before T2 is one at T1 (a
    // second's slack below for a client that fuzzes its T1, as RFC 2131 suggests).
    expect((renew.time - ack!.time) / 1000).toBeGreaterThanOrEqual(LEASE4 / 2 - 1);
    expect((renew.time - ack!.time) / 1000).toBeLessThan(LEASE4 * 0.875);
  });

  test('W-2: the router finishes DAD of its WAN link-local address before its first RS, and every RS comes from that address', async () => {
    await wan.up();
    const { fromRouter } = access();
    const dad = fromRouter.find((f) => f.icmp6?.type === 'ns' && f.ipv6?.src === '::' && 'target' in f.icmp6 && f.icmp6.target.startsWith('fe80:'));
    const rs = fromRouter.filter((f) => f.icmp6?.type === 'rs');
    expect(dad, 'a DAD NS (from ::) for a fe80:: address').toBeDefined();
    expect(rs.length).toBeGreaterThan(0);
    const ll = canonicalIp((dad!.icmp6 as { target: string }).target);
    // DAD is done RetransTimer (1 s) after the NS with no answer; the RS may only follow then.
    expect(rs[0].time - dad!.time).toBeGreaterThanOrEqual(900);
    for (const f of rs) expect(canonicalIp(f.ipv6!.src)).toBe(ll);
  });

  test("W-1: the router takes an IA_NA address on the WAN by DHCPv6, DADs it, and answers a world host's echo request to it", async () => {
    const s = await wan.up();
    const { hosts, segments } = topo();
    const address = await retry(async () => (await wan.border().sessions()).find((x) => x.mac === s.mac && x.ipv6)?.ipv6 ?? undefined, {
      timeout: 30_000,
      interval: 500,
      what: "the router's IA_NA address at the border",
    });
    const { fromRouter } = access();
    expect(fromRouter.some((f) => f.dhcp6?.type === 'solicit' && (f.dhcp6.options.iaNa ?? []).length > 0), 'a Solicit with IA_NA').toBe(true);
    await segments.access.find((f) => isDadOf(f.data, address), { timeout: 10_000, what: `DAD (an NS from ::) for ${address}` });
    await expect(hosts.server.ping6(address, { timeout: 5000 })).resolves.toBeReachable();
  });

  test('W-3: the default route learnt by router discovery points at the border: LAN → world traffic leaves on access to its MAC', async () => {
    const c = await wan.lan();
    const { segments } = topo();
    const { bmac } = access();
    await expect(c.host.ping6(WORLD.server6, { timeout: 5000 })).resolves.toBeReachable();
    expect(segments.access).toHaveSeen((f) => f.ipv6?.src === c.ip6 && f.icmp6?.type === 'echo-request' && f.eth?.dst === bmac, `the echo request from ${c.ip6} sent to the border's MAC ${bmac}`);
  });

  test('W-4: the Solicit carries an IA_PD option: the router acts as a requesting router', async () => {
    await wan.pd();
    const solicits = dhcp6From(access().fromRouter, 'solicit');
    expect(solicits.length).toBeGreaterThan(0);
    for (const f of solicits) expect((f.dhcp6!.options.iaPd ?? []).length).toBeGreaterThan(0);
  });

  test('WAA-3: DHCPv6 client behaviour: a Solicit from fe80::/10 port 546 to ff02::1:2 port 547 with Client Identifier and Elapsed Time, then a Request to the advertising server', async () => {
    const { fromRouter, fromBorder } = await delegation();
    const solicit = dhcp6From(fromRouter, 'solicit')[0];
    expect(solicit.ipv6!.src.startsWith('fe80:')).toBe(true);
    expect([solicit.udp?.srcPort, solicit.ipv6!.dst, solicit.udp?.dstPort]).toEqual([546, 'ff02::1:2', 547]);
    expect(solicit.dhcp6!.options.clientId).toBeDefined();
    expect(solicit.dhcp6!.options.elapsedTime).toBeDefined();
    const advertise = dhcp6From(fromBorder, 'advertise')[0];
    expect(advertise).toBeDefined();
    const request = dhcp6From(fromRouter, 'request').find((f) => f.time > advertise.time);
    expect(request, 'a Request after the Advertise').toBeDefined();
    expect(same(request!.dhcp6!.options.serverId, advertise.dhcp6!.options.serverId)).toBe(true);
  });

  test('WAA-4: the Solicit carries IA_NA, Reconfigure Accept and an ORO with DNS_SERVERS (and DOMAIN_LIST), and the DNS server from the Reply is then used', async () => {
    const { fromRouter, reply } = await delegation();
    const solicit = dhcp6From(fromRouter, 'solicit')[0].dhcp6!.options;
    expect((solicit.iaNa ?? []).length).toBeGreaterThan(0);
    expect(solicit.reconfigureAccept).toBe(true);
    expect(solicit.oro).toEqual(expect.arrayContaining([23, 24]));
    const dns = reply.dhcp6!.options.dnsServers ?? [];
    expect(dns).toContain(ISP.dns6);
    // A LAN host asks the router (its RDNSS) for a name it cannot know: the router asks the ISP's server.
    const c = await wan.lan();
    const { segments } = topo();
    const ra = await c.host.solicit({ timeout: 5000 });
    const resolver = ra.rdnss[0];
    expect(resolver, 'an RDNSS in the LAN RA').toBeDefined();
    const dstMac = await c.host.resolve6(resolver);
    const src = resolver.startsWith('fe80:') ? c.host.ip6[0] : c.ip6;
    // Asked again until the router forwards: it learns its upstream server from the DHCPv6 hook,
    // which a loaded emulated router may run seconds after the Reply.
    let n = 0;
    await retry(
      async () => {
        const asked = segments.access.next((f) => isDnsQueryTo(f.data, ISP.dns6), { timeout: 2000, what: `a DNS query to ${ISP.dns6} on access` }).catch(() => undefined);
        c.host.send(udpDatagram({ mac: c.host.mac, dstMac, src, dst: resolver, srcPort: 40053 + n, dstPort: 53, data: dnsQuery(0x6e72, `netrig-${++n}-${Date.now().toString(36)}.${ISP.domain}`) }));
        return asked;
      },
      { timeout: 20_000, interval: 100, what: `a DNS query to ${ISP.dns6} on access` },
    );
  });

  test.fails('WAA-5: the router asks for an NTP server (ORO 56) and then uses it (expected fail: the fixture has no NTP client)', async ({ task }) => {
    expectedFail(task, 'the fixture image has no NTP client (Debian\'s busybox is built without ntpd and the recipe installs no ntp package), so the server from DHCPv6 option 56 is never used; RFC 7084 WAA-5: the router SHOULD implement NTP and use the received servers as primary time reference');
    const { fromRouter } = await delegation();
    expect(dhcp6From(fromRouter, 'solicit')[0].dhcp6!.options.oro).toContain(56);
    expect(topo().segments.access).toHaveSeen((f) => f.udp?.dstPort === 123 && f.ipv6?.dst === ISP.ntp6, `an NTP request to ${ISP.ntp6}`);
  });

  test('WAA-6: after the border\'s RA with M=1 the router\'s Request carries an IA_NA option', async () => {
    const { fromRouter, fromBorder } = await delegation();
    const ra = fromBorder.find((f) => f.icmp6?.type === 'ra' && (f.icmp6 as { managed?: boolean }).managed);
    expect(ra, 'an RA with M=1 from the border').toBeDefined();
    // Every Solicit and Request asks for an address; the border assigned one; and the M=1 RA
    // finds the router either asking for it afterwards or already holding it (dhcpcd may have
    // solicited before the first RA came: a loaded host, seen on arm64).
    const asks = fromRouter.filter((f) => f.dhcp6?.type === 'request' || f.dhcp6?.type === 'solicit');
    expect(asks.length).toBeGreaterThan(0);
    for (const f of asks) expect((f.dhcp6!.options.iaNa ?? []).length, `IA_NA in the ${f.dhcp6!.type}`).toBeGreaterThan(0);
    const assigned = dhcp6From(fromBorder, 'reply').filter((f) => (f.dhcp6!.options.iaNa ?? []).some((ia) => (ia.options.iaAddr ?? []).length > 0));
    expect(assigned.length, 'a Reply assigning an IA_NA address').toBeGreaterThan(0);
    if (!asks.some((f) => f.time > ra!.time)) {
      expect(assigned.some((f) => f.time < ra!.time), 'no Solicit or Request after the M=1 RA, and no IA_NA address held before it').toBe(true);
    }
  });

  test('DHCP6-1: every client message of the router goes from a fe80:: address, port 546, to ff02::1:2 port 547 (no Server Unicast option was given)', async () => {
    const { reply, rmac } = await delegation();
    // Solicit and Request, then the first Renew (T1: half the preferred lifetime, PREFERRED):
    // what a client sends over a delegation's life. Counting messages instead depended on how soon
    // this case ran after the boot (a quick machine: Solicit and Request only, two).
    await topo().segments.access.find((f) => f.time > reply.time && decodeOf(f).eth?.src === rmac && decodeOf(f).dhcp6?.type === 'renew', { timeout: (PREFERRED + 10) * 1000, what: "the router's first DHCPv6 Renew" });
    const { fromRouter, fromBorder } = access();
    expect(fromBorder.some((f) => f.dhcp6?.options.unicast !== undefined)).toBe(false);
    const sent = fromRouter.filter((f) => f.dhcp6);
    expect([...new Set(sent.map((f) => f.dhcp6!.type))]).toEqual(expect.arrayContaining(['solicit', 'request', 'renew']));
    for (const f of sent) {
      expect(f.ipv6!.src.startsWith('fe80:'), `${f.dhcp6!.type} from ${f.ipv6!.src}`).toBe(true);
      expect([f.udp!.srcPort, f.ipv6!.dst, f.udp!.dstPort]).toEqual([546, 'ff02::1:2', 547]);
    }
  });

  test('DHCP6-2: each Solicit carries Client Identifier, Elapsed Time and an ORO with SOL_MAX_RT (82), and no Server Identifier', async () => {
    const { fromRouter } = await delegation();
    const solicits = dhcp6From(fromRouter, 'solicit');
    expect(solicits.length).toBeGreaterThan(0);
    for (const f of solicits) {
      const o = f.dhcp6!.options;
      expect(o.clientId).toBeDefined();
      expect(o.elapsedTime).toBeDefined();
      expect(o.oro).toContain(82);
      expect(o.serverId).toBeUndefined();
    }
  });

  test("DHCP6-3: the Request carries the border's Server Identifier, a Client Identifier and Elapsed Time", async () => {
    const { fromRouter, fromBorder } = await delegation();
    const advertise = dhcp6From(fromBorder, 'advertise')[0];
    const request = dhcp6From(fromRouter, 'request')[0];
    expect(request).toBeDefined();
    expect(same(request.dhcp6!.options.serverId, advertise.dhcp6!.options.serverId)).toBe(true);
    expect(request.dhcp6!.options.clientId).toBeDefined();
    expect(request.dhcp6!.options.elapsedTime).toBeDefined();
  });

  test(`DHCP6-7: with T1 left to the client, the router renews within the ${PREFERRED} s preferred lifetime: a Renew to the border's Server Identifier with the delegated IAPREFIX`, async () => {
    const { reply } = await delegation();
    const prefix = await wan.pd();
    const { segments } = topo();
    const rmac = macOf(topo().router, 'wan');
    await segments.access.find((f) => f.time > reply.time && decodeOf(f).eth?.src === rmac && decodeOf(f).dhcp6?.type === 'renew', { timeout: (PREFERRED + 10) * 1000, what: 'a DHCPv6 Renew' });
    const renew = dhcp6From(access().fromRouter, 'renew').find((f) => f.time > reply.time)!;
    expect(same(renew.dhcp6!.options.serverId, reply.dhcp6!.options.serverId)).toBe(true);
    expect(iaPrefixes(renew.dhcp6!.options)).toContain(prefix);
    // Counted from the last Reply before it: a router slow to take a Reply retransmits its
    // Request and gets another, and T1 runs from the one it took.
    const last = dhcp6From(access().fromBorder, 'reply').filter((f) => f.time < renew.time).at(-1)!;
    expect((renew.time - last.time) / 1000).toBeLessThanOrEqual(PREFERRED + 1);
  });

  test('DHCP6-11: the border sends T1 = T2 = 0; the router does not Renew at once, and spaces its Renews', async () => {
    const { reply } = await delegation();
    const { segments } = topo();
    const rmac = macOf(topo().router, 'wan');
    for (const ia of [...(reply.dhcp6!.options.iaPd ?? []), ...(reply.dhcp6!.options.iaNa ?? [])]) expect([ia.t1, ia.t2]).toEqual([0, 0]);
    await segments.access.find((f) => f.time > reply.time && decodeOf(f).eth?.src === rmac && decodeOf(f).dhcp6?.type === 'renew', { timeout: (PREFERRED + 10) * 1000, what: 'a DHCPv6 Renew' });
    const renews = dhcp6From(access().fromRouter, 'renew');
    const last = dhcp6From(access().fromBorder, 'reply').filter((f) => f.time < renews[0].time).at(-1)!;
    expect((renews[0].time - last.time) / 1000).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < renews.length; i++) expect((renews[i].time - renews[i - 1].time) / 1000).toBeGreaterThanOrEqual(1);
  });

  test.fails('WPD-5: also while the router renews and the ISP does not answer, a packet for the delegated prefix outside the LAN /64 is dropped (expected fail: dhcpcd drops its reject route)', async ({ task }) => {
    expectedFail(task, 'dhcpcd 9.4.1 rebuilds its routes with the delegated prefix\'s unreachable route only while its DHCPv6 state is BOUND: once it is renewing, the next rebuild (an RA, a lease ending) deletes it ("lo: deleting reject route") until a Reply comes. Meanwhile packets for unassigned parts of the delegation loop between the router and the ISP until their hop limit runs out (Time Exceeded from the router). RFC 7084 WPD-5: they must be dropped, next hop the null destination');
    // The ISP is quiet (see the top of the file) and the router has sent a Renew since, which
    // goes unanswered: the router is renewing. (Any Renew would do only after the cases before;
    // run alone, an answered one before the quiet left the router bound.)
    const { segments, router, border } = topo();
    const rmac = macOf(router, 'wan');
    quietIsp().catch(() => undefined);
    const since = await quietSince;
    await segments.access.find((f) => f.time > since && decodeOf(f).eth?.src === rmac && decodeOf(f).dhcp6?.type === 'renew', { timeout: (PREFERRED + 10) * 1000, what: 'a Renew the quiet ISP does not answer' });
    // Something that makes the router rebuild its routes: an RA from the border with one more
    // on-link prefix (it goes away again after 30 s).
    const bmac = macOf(border!, 'access');
    const ra = new Host(await segments.access.attach('ra'), 'ra', '52:54:00:fb:00:05');
    ra.send(routerAdvertisement({ mac: bmac, src: linkLocal(bmac), lifetime: 1800, managed: true, other: true, prefixes: [ISP_LINK, { prefix: '3fff:0:0:9::/64', onLink: true, autonomous: false, validLifetime: 30, preferredLifetime: 0 }] }));
    ra.close();
    let id = 0x5710;
    const { target } = await retry(
      async () =>
        sendProbe(++id, (t) =>
          segments.access.next((f) => {
            const d = decodeFrame(f.data);
            return (d.icmp6?.type === 'unreachable' || d.icmp6?.type === 'time-exceeded') && canonicalIp(rawDst(d) || '::') === t;
          }, { timeout: 2000, what: `an ICMPv6 error about ${t}` }),
        ).then((p) => (decoded(segments.access).some((f) => f.time >= p.echo.time && f.icmp6?.type === 'time-exceeded') ? p : undefined)),
      // Up to 20 s (the lease still has ≥ 10 s after that). In a three-worker run on arm64 the
      // rebuild came only with the border's own RA ~8 s later: the RA above was lost (the relay
      // dropped a frame sent just before its port closed, since fixed); the margin stays.
      { timeout: 20_000, interval: 300, what: 'the probe looping (a Time Exceeded)' },
    ).catch(() => ({ target: '' }));
    // Dropped: the echo crossed access once, inbound, and was never sent back.
    const back = decoded(segments.access).filter((f) => f.ipv6?.dst === target && f.icmp6?.type === 'echo-request' && (f.icmp6 as { id: number }).id === id);
    expect(target, 'the probe did not loop').toBe('');
    expect(back.length).toBeLessThanOrEqual(1);
  });

  test('WPD-2: the IA_PD of the Solicit hints no prefix, or one a multiple of 4 long and no longer than /60', async () => {
    const { fromRouter } = await delegation();
    for (const f of dhcp6From(fromRouter, 'solicit')) {
      for (const p of iaPrefixes(f.dhcp6!.options)) {
        const len = parsePrefix(p).length;
        expect(len % 4).toBe(0);
        expect(len).toBeLessThanOrEqual(60);
      }
    }
  });

  test('L-6: every PIO the router advertises on lan for the delegated /64 has A=1 and L=1', async () => {
    const prefix = await wan.pd();
    await wan.lan();
    const pios = lanPios(topo().segments.lan).filter((p) => prefixContains(prefix, p.pio.prefix));
    expect(pios.length).toBeGreaterThan(0);
    for (const { pio } of pios) expect([pio.onLink, pio.autonomous]).toEqual([true, true]);
  });

  test(`DHCP6-14: PIO lifetimes on lan never exceed what is left of the delegation's (preferred ${PREFERRED} s, valid ${VALID} s) when the RA is sent`, async () => {
    await checkLifetimes();
  });

  test('L-15: LAN PIOs for the delegated prefix never outlive the WAN delegation (the LAN DHCPv6 is stateless: no IAADDR/IAPREFIX to check)', async () => {
    await checkLifetimes();
  });

  /**
   * Each LAN RA's PIO for the delegated prefix against the last Reply on access before it. The
   * router counts a lifetime from when it processed the Reply, which under emulation on a loaded
   * machine trails the frame on the wire by seconds (3.2 s seen on mipsel; 5.0 s on armhf in a
   * full suite run: PIO preferred 19 s in an RA 6.0 s after a Reply of 20 s): 8 s of slack, no
   * more — a router that does not count down still fails (the check below, and any RA later than
   * 8 s after the Reply with the whole lifetime). Once the router has surely processed a Reply,
   * its advertised lifetimes count down.
   */
  async function checkLifetimes(): Promise<void> {
    const SLACK = 8;
    const prefix = await wan.pd();
    await wan.lan();
    const replies = access().fromBorder.flatMap((f) =>
      f.dhcp6?.type === 'reply' ? (f.dhcp6.options.iaPd ?? []).flatMap((ia) => (ia.options.iaPrefix ?? []).filter((p) => p.prefix === prefix).map((p) => ({ time: f.time, p }))) : [],
    );
    const pios = lanPios(topo().segments.lan).filter((x) => prefixContains(prefix, x.pio.prefix));
    expect(pios.length).toBeGreaterThan(0);
    let previous: { time: number; reply: number; preferred: number; valid: number } | undefined;
    for (const { time, pio } of pios) {
      const before = replies.filter((r) => r.time <= time);
      expect(before.length, `a Reply delegating ${prefix} before the RA`).toBeGreaterThan(0);
      // What is left of the delegation by the Reply that leaves the most: a Reply to a
      // retransmitted Request tells the same lease counted from the server's first answer
      // (ISC dhcpd: 15 s preferred 4 s after a Reply of 20 s), and a starved router may not have
      // processed it when it sends the RA.
      const left = (r: (typeof replies)[number], field: 'preferredLifetime' | 'validLifetime') => Math.max(0, r.p[field] - (time - r.time) / 1000);
      const pref = before.reduce((a, r) => (left(r, 'preferredLifetime') > left(a, 'preferredLifetime') ? r : a));
      const valid = before.reduce((a, r) => (left(r, 'validLifetime') > left(a, 'validLifetime') ? r : a));
      expect(pio.preferredLifetime, `preferred lifetime ${((time - pref.time) / 1000).toFixed(1)} s after a Reply of ${pref.p.preferredLifetime} s`).toBeLessThanOrEqual(left(pref, 'preferredLifetime') + SLACK);
      expect(pio.validLifetime, `valid lifetime ${((time - valid.time) / 1000).toFixed(1)} s after a Reply of ${valid.p.validLifetime} s`).toBeLessThanOrEqual(left(valid, 'validLifetime') + SLACK);
      // Never more than the ISP ever delegated (a Reply repeated for a retransmitted Request may
      // shorten them while the router still counts from the first).
      expect(pio.preferredLifetime).toBeLessThanOrEqual(Math.max(...before.map((r) => r.p.preferredLifetime)));
      expect(pio.validLifetime).toBeLessThanOrEqual(Math.max(...before.map((r) => r.p.validLifetime)));
      const last = before.at(-1)!;
      if (previous && previous.reply === last.time && (previous.time - last.time) / 1000 >= SLACK && time - previous.time > 2000) {
        expect(pio.preferredLifetime, 'the preferred lifetime counting down').toBeLessThan(previous.preferred);
        expect(pio.validLifetime, 'the valid lifetime counting down').toBeLessThan(previous.valid);
      }
      previous = { time, reply: last.time, preferred: pio.preferredLifetime, valid: pio.validLifetime };
    }
  }

  test(`L-10: a LAN Information-request is answered with DNS_SERVERS (23) and the DOMAIN_LIST (24) the WAN gave (${ISP.domain})`, async () => {
    const o = await infoRequest();
    expect((o.dnsServers ?? []).length).toBeGreaterThan(0);
    expect(o.domainList).toEqual([ISP.domain]);
  });

  test(`L-11: the router's RAs on lan carry an RDNSS option and, once the WAN gave one, a DNSSL with ${ISP.domain}`, async () => {
    const c = await wan.lan();
    await retry(
      async () => {
        const ra = await c.host.solicit({ timeout: 3000 });
        return (ra.ra.options.dnssl ?? []).some((d) => d.domains.includes(ISP.domain)) && ra.rdnss.length > 0 ? ra : undefined;
      },
      { timeout: 20_000, interval: 500, what: `an RA on lan with RDNSS and DNSSL ${ISP.domain}` },
    );
  });

  test(`L-12: the WAN's DHCPv6 options reach the LAN's DHCPv6 server: domain list ${ISP.domain} and NTP server ${ISP.ntp6}`, async () => {
    const o = await infoRequest();
    expect(o.domainList).toEqual([ISP.domain]);
    expect(ntpAddress(o.option56 as Uint8Array | undefined)).toBe(ISP.ntp6);
  });

  /** A LAN host's Information-request (ORO 23, 24, 56) to the router; the Reply's options. */
  async function infoRequest(): Promise<Dhcp6Options & { option56?: unknown }> {
    const c = await wan.lan();
    return retry(
      async () => {
        const xid = (Math.random() * 0xffffff) >>> 0;
        const reply = c.host.next((f) => f.dhcp6?.type === 'reply' && f.dhcp6.xid === xid, { timeout: 3000, what: 'a DHCPv6 Reply on lan' });
        c.host.send(dhcp6Client('information-request', { mac: c.host.mac, xid, options: { oro: [23, 24, 56] } }));
        const o = (await reply).frame.dhcp6!.options as Dhcp6Options & { option56?: unknown };
        // The WAN's options reach dnsmasq with the first DHCPv6 Reply's hook, a moment after the prefix.
        return o.domainList ? o : undefined;
      },
      { timeout: 20_000, interval: 500, what: 'a LAN DHCPv6 Reply with the WAN\'s domain list' },
    );
  }

  test.fails('L-3: the router\'s RAs on lan carry a Route Information Option for the delegated prefix (expected fail: dnsmasq sends none)', async ({ task }) => {
    expectedFail(task, 'dnsmasq, the fixture\'s RA daemon, has no Route Information Option (RFC 4191) support and no setting that adds one; RFC 7084 L-3: the router MUST advertise itself as a router for the delegated prefix(es) using the Route Information Option');
    const prefix = await wan.pd();
    await wan.lan();
    const ras = lanPios(topo().segments.lan);
    expect(ras.length).toBeGreaterThan(0);
    expect(topo().segments.lan).toHaveSeen((f) => f.icmp6?.type === 'ra' && ((f.icmp6 as { options: { route?: Array<{ prefix: string }> } }).options.route ?? []).some((r) => prefixContains(r.prefix, prefix)), `an RA with an RIO covering ${prefix}`);
  });

  test('S-2: a LAN host sending from an address outside every LAN prefix (3fff:dead::1) gets nothing onto access (BCP 38)', async () => {
    const c = await wan.lan();
    const { segments } = topo();
    const ra = await c.host.solicit({ timeout: 5000 });
    const spoofed = '3fff:dead::1';
    c.host.send(echoRequest6({ mac: c.host.mac, dstMac: ra.mac, src: spoofed, dst: WORLD.server6, id: 0x5202 }));
    // The same packet from the host's own address passes, and comes back: the spoofed one went first.
    await expect(c.host.ping6(WORLD.server6, { timeout: 5000 })).resolves.toBeReachable();
    expect(segments.access).not.toHaveSeen((f) => f.ipv6?.src === spoofed, `a packet from ${spoofed} on access`);
    expect(segments.world).not.toHaveSeen((f) => f.ipv6?.src === spoofed, `a packet from ${spoofed} on world`);
  });

  test('ULA-4: ULA traffic does not cross the site border: LAN → fd12::1, fd00:1:: source → world, world → LAN with a ULA source', async () => {
    const c = await wan.lan();
    const { segments, hosts } = topo();
    const ra = await c.host.solicit({ timeout: 5000 });
    const ula = (ra.ra.options.prefix ?? []).map((p) => p.prefix).find((p) => prefixContains('fc00::/7', p));
    expect(ula, 'a ULA /64 advertised on lan').toBeDefined();
    const lanUla = `${ula!.split('::')[0]}::c1`;
    c.host.send(echoRequest6({ mac: c.host.mac, dstMac: ra.mac, src: c.ip6, dst: 'fd12::1', id: 0x4401 }));
    c.host.send(echoRequest6({ mac: c.host.mac, dstMac: ra.mac, src: lanUla, dst: WORLD.server6, id: 0x4402 }));
    // From the world: a ULA-sourced packet for the LAN host, through the border (its default router).
    const borderWorldMac = macOf(topo().border!, 'world');
    hosts.server.send(echoRequest6({ mac: hosts.server.mac, dstMac: borderWorldMac, src: 'fd99::10', dst: c.ip6, id: 0x4403 }));
    hosts.server.send(echoRequest6({ mac: hosts.server.mac, dstMac: borderWorldMac, src: WORLD.server6, dst: lanUla, id: 0x4404 }));
    // Ordering: a ping that crosses both ways after them.
    await expect(c.host.ping6(WORLD.server6, { timeout: 5000 })).resolves.toBeReachable();
    await expect(hosts.server.ping6(c.ip6, { timeout: 5000 })).resolves.toBeReachable();
    const rmac = macOf(topo().router, 'wan');
    const echo = (f: { icmp6?: { type: unknown } }) => f.icmp6?.type === 'echo-request';
    expect(segments.access).not.toHaveSeen((f) => f.eth?.src === rmac && f.ipv6?.dst === 'fd12::1', 'the echo request to fd12::1 leaving on access');
    expect(segments.access).not.toHaveSeen((f) => f.eth?.src === rmac && f.ipv6?.src === lanUla, `a packet from ${lanUla} leaving on access`);
    expect(segments.lan).not.toHaveSeen((f) => f.from === 'qemu' && echo(f) && (f.ipv6?.src === 'fd99::10' || f.ipv6?.dst === lanUla), 'a ULA-addressed echo request from the world forwarded onto lan');
  });

  test(`DHCP6-9: when the ISP stops answering Renews, the router Rebinds at T2 (before the ${VALID} s valid lifetime) to ff02::1:2 without a Server Identifier`, async () => {
    const { stopped, rebind6 } = await quietIsp();
    const rmac = macOf(topo().router, 'wan');
    expect(rebind6.ipv6?.dst).toBe('ff02::1:2');
    expect(rebind6.dhcp6!.options.serverId).toBeUndefined();
    expect(access().fromRouter.some((f) => f.time > stopped && f.time < rebind6.time && f.eth?.src === rmac && f.dhcp6?.type === 'renew'), 'an unanswered Renew before the Rebind').toBe(true);
  });

  test(`DHCP4-C-REBIND: when renewals go unanswered, the router broadcasts a DHCPREQUEST with ciaddr set and no options 50/54 before the ${LEASE4} s lease ends`, async () => {
    const s = await wan.up();
    const { stopped, rebind4 } = await quietIsp();
    expect(rebind4.dhcp4!.options.requestedIp).toBeUndefined();
    expect(rebind4.dhcp4!.options.serverId).toBeUndefined();
    expect(rebind4.ipv4!.src).toBe(s.ipv4);
    expect(rebind4.eth!.dst).toBe('ff:ff:ff:ff:ff:ff');
    expect(access().fromRouter.some((f) => f.time > stopped && f.time < rebind4.time && f.dhcp4?.options.messageType === 'request' && f.ipv4?.dst === ISP.dhcp4), 'an unanswered renewal before').toBe(true);
  });

});

/** The DHCPv6 prefixes (IA_PD/IAPREFIX) in a message. */
function iaPrefixes(o: Dhcp6Options): string[] {
  return (o.iaPd ?? []).flatMap((ia) => (ia.options.iaPrefix ?? []).map((p) => p.prefix));
}

/** Every PIO in the router's RAs on lan, with the RA's time. */
function lanPios(lan: Parameters<typeof decoded>[0]) {
  return decoded(lan).flatMap((f) =>
    f.icmp6?.type === 'ra' && f.from === 'qemu' ? ((f.icmp6 as { options: { prefix?: Array<{ prefix: string; onLink: boolean; autonomous: boolean; preferredLifetime: number; validLifetime: number }> } }).options.prefix ?? []).map((pio) => ({ time: f.time, pio })) : [],
  );
}

const decodeOf = (f: { data: Buffer }) => decodeFrame(f.data);

/** An NS from :: (duplicate address detection) for `address`. */
function isDadOf(data: Buffer, address: string): boolean {
  const f = decodeFrame(data);
  return f.icmp6?.type === 'ns' && f.ipv6?.src === '::' && 'target' in f.icmp6 && canonicalIp(f.icmp6.target) === canonicalIp(address);
}

function isDnsQueryTo(data: Buffer, server: string): boolean {
  const f = decodeFrame(data);
  return f.udp?.dstPort === 53 && f.ipv6?.dst === server;
}

/** The destination of the packet an ICMPv6 error quotes. */
function rawDst(f: { icmp6?: unknown }): string {
  const data = (f.icmp6 as { data?: Uint8Array }).data;
  if (!data || data.length < 40) return '';
  const b = Buffer.from(data.subarray(24, 40));
  return Array.from({ length: 8 }, (_, i) => b.readUInt16BE(i * 2).toString(16)).join(':');
}

function isUnreachableAbout(data: Buffer, target: string): boolean {
  const f = decodeFrame(data);
  return f.icmp6?.type === 'unreachable' && canonicalIp(rawDst(f) || '::') === target;
}
