import { expect, test } from 'vitest';
import { encodeFrame } from './frame.ts';
import { SAMPLES } from './samples.ts';
import { summary } from './summary.ts';

const line = (name: string) => summary(encodeFrame(SAMPLES.find((s) => s.name === name)!.frame));

test.each([
  ['dhcp4 discover', '52:54:00:12:34:56 > ff:ff:ff:ff:ff:ff DHCPv4 Discover xid 0x1234'],
  ['dhcp4 discover on vlan 7', 'vlan 7 52:54:00:12:34:56 > ff:ff:ff:ff:ff:ff DHCPv4 Discover xid 0x1234'],
  ['dhcp4 ack', '192.168.1.1 > 255.255.255.255 DHCPv4 ACK xid 0x1234 yiaddr 192.168.1.50'],
  [
    'ra with everything',
    'fe80::1 > ff02::1 ICMPv6 RA [M] [O] lifetime 1800 preference high prefix 3fff:0:0:1::/64 prefix 3fff:0:0:2::/64 route 3fff:0:0:100::/56 route ::/0 mtu 1492 rdnss 3fff:0:0:1::1,3fff:0:0:1::2 dnssl lan,example.org',
  ],
  ['ns', 'fe80::5054:ff:fe12:3456 > ff02::1:ff00:1 ICMPv6 NS who has fe80::1'],
  ['na solicited', 'fe80::1 > fe80::5054:ff:fe12:3456 ICMPv6 NA fe80::1 is at 52:54:00:aa:bb:cc [RSO]'],
  ['icmp6 too big', '3fff:0:0:1::1 > 3fff:0:0:1::50 ICMPv6 Too-Big code 0 mtu 1280'],
  ['arp request', '52:54:00:12:34:56 > ff:ff:ff:ff:ff:ff ARP who has 192.168.1.1? tell 192.168.1.50'],
  ['tcp4 syn-ack', '192.168.1.1 > 192.168.1.50 TCP 80 > 40000 [SYN, ACK] seq 5000 ack 1001 win 64240 len 0'],
  ['udp4', '192.168.1.50 > 192.168.1.1 UDP 40000 > 40001 len 17'],
  ['dhcp6 advertise', 'fe80::5054:ff:feaa:bbcc > fe80::5054:ff:fe12:3456 DHCPv6 Advertise xid 0xabcdef IA_NA 3fff:0:0:1::100 IA_PD 3fff:0:0:100::/56'],
  ['dhcp6 reply: no prefix available, DUID-UUID', 'fe80::5054:ff:feaa:bbcc > fe80::5054:ff:fe12:3456 DHCPv6 Reply xid 0xabcdef IA_PD'],
  ['pads', '52:54:00:aa:bb:cc > 52:54:00:12:34:56 PPPoE PADS session 0x1234 serviceName internet'],
  ['lcp echo-request', '52:54:00:12:34:56 > 52:54:00:aa:bb:cc PPP LCP Echo-Request id 5 magic 0x1020304'],
  ['pap request', '52:54:00:12:34:56 > 52:54:00:aa:bb:cc PPP PAP Authenticate-Request id 1 peer "user"'],
  ['ipcp configure-nak', '52:54:00:12:34:56 > 52:54:00:aa:bb:cc PPP IPCP Configure-Nak id 1 address 100.64.0.2 primaryDns 100.64.0.1'],
  ['ipv4 over pppoe', '100.64.0.2 > 9.9.9.9 ICMP Echo request id 0x1 seq 1'],
])('%s', (name, expected) => expect(line(name)).toBe(expected));

test('a malformed frame says where decoding stopped', () => {
  const bytes = encodeFrame(SAMPLES.find((s) => s.name === 'udp4')!.frame).subarray(0, 30);
  expect(summary(bytes)).toBe('52:54:00:12:34:56 > 52:54:00:aa:bb:cc Ethernet type 0x800 [malformed ipv4 at 14: IPv4 header needs 20 bytes, only 16 left]');
  expect(summary(new Uint8Array(3))).toBe('? not an Ethernet frame [malformed eth at 0: Ethernet header needs 14 bytes, only 3 left]');
});
