import { expect, test } from 'vitest';
import { fromHex } from './bytes.ts';
import { decodeFrame, encodeFrame, type Frame } from './frame.ts';
import { RECORDED } from './recorded.ts';
import { summary } from './summary.ts';

test.each(RECORDED.map((r) => [r.name, r] as const))('%s', (_, r) => {
  const bytes = fromHex(r.hex);
  const f = decodeFrame(bytes);
  expect(f.error).toBeUndefined();
  expect(summary(f)).toBe(r.summary);
  // Real senders' checksums are right, so the decoder reports none...
  expect(JSON.stringify(f, (k, v) => (k === 'checksum' ? 'bad' : v))).not.toContain('"bad"');
  // ...and what it decoded encodes back to the same bytes (plus Ethernet padding where they were short).
  const again = encodeFrame(f as Frame);
  expect(again.subarray(0, bytes.length)).toEqual(bytes);
  expect(again.subarray(bytes.length).every((x) => x === 0)).toBe(true);
});

test('what a real RA, DHCPv6 reply and PADS say, field by field', () => {
  const byName = (n: string) => decodeFrame(fromHex(RECORDED.find((r) => r.name.startsWith(n))!.hex));
  const ra = byName('radvd').icmp6;
  expect(ra).toMatchObject({ type: 'ra', managed: true, other: true, hopLimit: 64 });
  expect(ra?.type === 'ra' && ra.options).toMatchObject({
    sourceLla: '52:54:00:aa:bb:cc',
    mtu: 1492,
    prefix: [{ prefix: '3fff:0:0:77::/64', onLink: true, autonomous: true, validLifetime: 86400, preferredLifetime: 14400 }],
    route: [{ prefix: '3fff:0:0:100::/56', preference: 'high' }],
    rdnss: [{ servers: ['3fff:0:0:77::1'] }],
    dnssl: [{ domains: ['home.arpa'] }],
  });
  const reply = byName('dnsmasq Reply').dhcp6;
  expect(reply?.options.clientId).toMatchObject({ type: 'llt', hwType: 1, lla: '52:54:00:12:34:56' });
  expect(reply?.options.iaNa?.[0].options.iaAddr?.[0].address).toBe('3fff:0:0:77::174');
  expect(reply?.options.dnsServers).toEqual(['3fff:0:0:77::1']);
  const mld = byName('Linux MLDv2').ipv6;
  expect(mld).toMatchObject({ src: '::', dst: 'ff02::16', hopLimit: 1, protocol: 58, ext: [{ type: 'hop-by-hop', options: { routerAlert: 0 } }] });
  const pads = byName('rp-pppoe PADS').pppoe;
  expect(pads).toMatchObject({ code: 'pads', session: 1, tags: { serviceName: 'internet' } });
  const ack = byName('dnsmasq DHCPACK').dhcp4;
  expect(ack?.options).toMatchObject({ messageType: 'ack', serverId: '192.168.77.1', router: ['192.168.77.1'], dns: ['192.168.77.1'], leaseTime: 43200 });
});
