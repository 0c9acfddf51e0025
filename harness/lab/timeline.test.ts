// The timeline: which frames are milestones and how they read, that the cheap prefilter never
// drops one, and — on a guestless lab — that the lab watches its segments and writes
// timeline.json at close, naming senders by guest NIC or port.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { RECORDED } from '../packets/recorded.ts';
import { SAMPLES } from '../packets/samples.ts';
import * as B from '../packets/build.ts';
import { decodeFrame, encodeFrame, type FrameInit } from '../packets/index.ts';
import { Lab } from './lab.ts';
import { mayBeMilestone, milestone, type TimelineEvent } from './timeline.ts';

const ROUTER = '52:54:00:01:00:01';
const BORDER = '52:54:00:0b:00:01';
const HOST = '52:54:00:c1:00:01';
const names: Record<string, string> = { [ROUTER]: 'router.wan', [BORDER]: 'border.eth0' };
const who = (mac: string) => names[mac] ?? mac;
const read = (f: FrameInit) => milestone(decodeFrame(encodeFrame(f)), who);
const session = (ppp: Parameters<typeof B.pppSession>[0]['ppp'], from = BORDER, to = ROUTER) => B.pppSession({ mac: from, dstMac: to, session: 7, ppp });

const MILESTONES: Record<string, FrameInit> = {
  offer: B.dhcp4Server('offer', { mac: ROUTER, serverIp: '192.168.1.1', clientMac: HOST, xid: 1, yiaddr: '192.168.1.100' }),
  ack: B.dhcp4Server('ack', { mac: ROUTER, serverIp: '192.168.1.1', clientMac: HOST, xid: 1, yiaddr: '192.168.1.100', leaseTime: 600 }),
  'offer, 802.1Q': B.dhcp4Server('offer', { mac: ROUTER, vlan: 7, serverIp: '192.168.1.1', clientMac: HOST, xid: 1, yiaddr: '192.168.1.100' }),
  ra: B.routerAdvertisement({ mac: ROUTER, prefixes: [{ prefix: '2001:db8:1::/64', validLifetime: 7200, preferredLifetime: 0 }], lifetime: 1800 }),
  'reply with IA_PD': B.dhcp6Server('reply', { mac: BORDER, clientMac: ROUTER, xid: 9, prefixes: ['2001:db8:100::/56'] }),
  'reply with IA_NA': B.dhcp6Server('reply', { mac: BORDER, clientMac: ROUTER, xid: 9, addresses: ['2001:db8::2'] }),
  'reply over PPPoE': { ...B.dhcp6Server('reply', { mac: BORDER, clientMac: ROUTER, xid: 9, prefixes: ['2001:db8:200::/48'] }), pppoe: { code: 'session', session: 7 } },
  'RA over PPPoE': { ...B.routerAdvertisement({ mac: BORDER, dstMac: ROUTER }), pppoe: { code: 'session', session: 7 } },
  pado: B.pppoeDiscovery('pado', { mac: BORDER, dstMac: ROUTER, tags: { acName: 'border', serviceName: '' } }),
  pads: B.pppoeDiscovery('pads', { mac: BORDER, dstMac: ROUTER, session: 7, tags: { serviceName: '' } }),
  padt: B.padt({ mac: BORDER, dstMac: ROUTER, session: 7 }),
  'LCP Configure-Ack': session({ protocol: 'lcp', code: 'configure-ack', id: 1, options: { mru: 1492 } }),
  'LCP Terminate-Request': session({ protocol: 'lcp', code: 'terminate-request', id: 2 }),
  'IPCP Configure-Ack': session({ protocol: 'ipcp', code: 'configure-ack', id: 3, options: { address: '100.64.0.2' } }),
  'IPv6CP Configure-Ack': session({ protocol: 'ipv6cp', code: 'configure-ack', id: 4, options: { interfaceId: '0211:22ff:fe33:4455' } }),
  'PAP Ack': session({ protocol: 'pap', code: 'authenticate-ack', id: 5, message: 'welcome' }),
  'CHAP Failure': session({ protocol: 'chap', code: 'failure', id: 6, message: 'bad secret' }),
};

const NOT: Record<string, FrameInit> = {
  discover: B.dhcp4Client('discover', { mac: HOST }),
  solicit: B.dhcp6Client('solicit', { mac: ROUTER, iaPd: true }),
  rs: B.routerSolicitation({ mac: HOST }),
  arp: B.arpRequest({ mac: HOST, ip: '192.168.1.7', target: '192.168.1.1' }),
  ping: B.echoRequest4({ mac: HOST, dstMac: ROUTER, src: '192.168.1.7', dst: '192.168.1.1' }),
  'LCP Configure-Request': session({ protocol: 'lcp', code: 'configure-request', id: 1, options: { mru: 1492 } }),
  'LCP Echo-Request': session({ protocol: 'lcp', code: 'echo-request', id: 1, magic: 1 }),
  'IPv4 over PPPoE': { ...B.echoRequest4({ mac: HOST, dstMac: BORDER, src: '100.64.0.2', dst: '9.9.9.9' }), pppoe: { code: 'session', session: 7 } },
};

describe('milestones', () => {
  test.each(Object.entries(MILESTONES))('%s is a milestone and passes the prefilter', (_, f) => {
    expect(read(f)).toBeDefined();
    expect(mayBeMilestone(encodeFrame(f))).toBe(true);
  });

  test.each(Object.entries(NOT))('%s is not a milestone and the prefilter skips it undecoded', (_, f) => {
    expect(read(f)).toBeUndefined();
    expect(mayBeMilestone(encodeFrame(f))).toBe(false);
  });

  test('the prefilter passes every sample and recorded frame that is a milestone', () => {
    const frames = [...SAMPLES.map((s) => encodeFrame(s.frame)), ...RECORDED.map((r) => Buffer.from(r.hex, 'hex'))];
    let milestones = 0;
    for (const b of frames) {
      if (!milestone(decodeFrame(b), who)) continue;
      milestones++;
      expect(mayBeMilestone(b), decodeFrame(b).eth?.type.toString(16)).toBe(true);
    }
    expect(milestones).toBeGreaterThan(5);
  });

  test('the prefilter survives truncated and empty frames', () => {
    for (const f of Object.values(MILESTONES)) {
      const b = encodeFrame(f);
      for (const n of [0, 1, 13, 14, 20, 30, 40, 54]) expect(typeof mayBeMilestone(b.subarray(0, n))).toBe('boolean');
    }
  });

  test('each reads as one line that says who, what and the figures that matter', () => {
    expect(read(MILESTONES.offer)).toEqual({ kind: 'dhcp', text: 'router.wan: DHCPv4 Offer 192.168.1.100 for 52:54:00:c1:00:01, lease 3600 s' });
    expect(read(MILESTONES.ack)?.text).toBe('router.wan: DHCPv4 ACK 192.168.1.100 for 52:54:00:c1:00:01, lease 600 s');
    expect(read(MILESTONES.ra)).toEqual({ kind: 'ra', text: 'router.wan fe80::5054:ff:fe01:1: RA router lifetime 1800 s, prefix 2001:db8:1::/64 (valid 7200 s, preferred 0 s — deprecated)' });
    expect(read(MILESTONES['reply with IA_PD'])).toEqual({ kind: 'pd', text: 'border.eth0 → router.wan: DHCPv6 Reply IA_PD 2001:db8:100::/56 (valid 3600 s, preferred 3600 s)' });
    expect(read(MILESTONES['reply with IA_NA'])).toEqual({ kind: 'dhcp6', text: 'border.eth0 → router.wan: DHCPv6 Reply IA_NA 2001:db8::2' });
    expect(read(MILESTONES['reply over PPPoE'])?.kind).toBe('pd');
    expect(read(MILESTONES.pado)).toEqual({ kind: 'pppoe', text: 'border.eth0 → router.wan: PADO AC "border"' });
    expect(read(MILESTONES.pads)?.text).toBe('border.eth0 → router.wan: PADS session 7');
    expect(read(MILESTONES['IPCP Configure-Ack'])).toEqual({ kind: 'ppp', text: 'border.eth0 → router.wan: IPCP Configure-Ack address 100.64.0.2' });
    expect(read(MILESTONES['IPv6CP Configure-Ack'])?.text).toBe('border.eth0 → router.wan: IPv6CP Configure-Ack interface-id 0211:22ff:fe33:4455');
    expect(read(MILESTONES['CHAP Failure'])?.text).toBe('border.eth0 → router.wan: CHAP failure "bad secret"');
    const noPrefix = B.dhcp6Server('reply', { mac: BORDER, clientMac: ROUTER, xid: 9, options: { status: { code: 'no-prefix-avail', message: 'none left' } } });
    expect(read(noPrefix)?.text).toBe('border.eth0 → router.wan: DHCPv6 Reply status no-prefix-avail "none left"');
  });
});

describe('a lab keeps its timeline', () => {
  let lab: Lab | undefined;
  afterEach(async () => {
    await lab?.close();
  });

  test('milestones on its segments and notes land in timeline.json at close, oldest first, senders named by port', async () => {
    lab = await Lab.open({ name: 'timeline', log: () => {} });
    const access = await lab.segment('access');
    const border = await access.attach('border');
    const seen = (n: number) => access.find(() => access.frames.length >= n, { timeout: 5000 });
    border.send(encodeFrame(B.pppoeDiscovery('pado', { mac: BORDER, dstMac: ROUTER, tags: { acName: 'isp' } })));
    const ra = B.routerAdvertisement({ mac: BORDER, prefixes: ['2001:db8:1::/64'] });
    border.send(encodeFrame(ra));
    border.send(encodeFrame(ra)); // the same RA again: logged once
    border.send(encodeFrame(B.routerAdvertisement({ mac: BORDER, prefixes: [{ prefix: '2001:db8:1::/64', preferredLifetime: 0 }] })));
    border.send(encodeFrame(B.arpRequest({ mac: BORDER, ip: '192.0.2.1', target: '192.0.2.2' })));
    await seen(5);
    lab.timeline.add({ source: 'case', kind: 'assert', text: 'saw it' });
    border.close();
    const file = path.join(lab.artifacts, 'timeline.json');
    await lab.close();
    const events = JSON.parse(fs.readFileSync(file, 'utf8')) as TimelineEvent[];
    expect(events.map((e) => [e.source, e.kind])).toEqual([
      ['access', 'pppoe'],
      ['access', 'ra'],
      ['access', 'ra'],
      ['case', 'assert'],
    ]);
    expect(events[0].text).toBe(`border → ${ROUTER}: PADO AC "isp"`);
    expect(events[2].text).toMatch(/deprecated/);
    expect(events.every((e, i) => i === 0 || e.t >= events[i - 1].t)).toBe(true);
  });
});
