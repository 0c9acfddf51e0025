import { describe, expect, test } from 'vitest';
import {
  canonicalIp,
  formatIp,
  linkLocal,
  multicastMac,
  parseIp,
  parsePrefix,
  prefixContains,
  readMac,
  slaacAddress,
  solicitedNode,
  writeMac,
} from './addr.ts';

describe('IPv6 text is RFC 5952 canonical', () => {
  test.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // tie: the first run
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // one zero group stays
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['FE80::0001', 'fe80::1'],
    ['ff02::1:FF00:1', 'ff02::1:ff00:1'],
    ['3fff:0:0:100::', '3fff:0:0:100::'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['64:ff9b::192.0.2.1', '64:ff9b::c000:201'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
  ])('%s → %s', (text, canonical) => {
    expect(canonicalIp(text)).toBe(canonical);
    expect(formatIp(parseIp(canonical))).toBe(canonical);
  });

  test.each(['1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', ':1', '1:', '1:::2', 'g::', '::1.2.3', '1:2:3:4:5:6:7:1.2.3.4', '', ':'])('rejects %j', (text) => {
    expect(() => parseIp(text)).toThrow(/bad IP(v6|v4) address/);
  });
});

describe('IPv4 and MAC text', () => {
  test.each(['0.0.0.0', '192.168.1.1', '255.255.255.255'])('%s round-trips', (a) => expect(canonicalIp(a)).toBe(a));
  test.each(['256.1.1.1', '1.2.3', '1..2.3', '1.2.3.4.5', '1.2.3.x', '1234.1.1.1'])('rejects %j', (a) => expect(() => parseIp(a)).toThrow(/bad IPv4 address/));

  test('MACs read lower case and write from either separator', () => {
    const b = new Uint8Array(6);
    writeMac(b, 0, '52-54-00-AB-CD-EF');
    expect(readMac(b, 0)).toBe('52:54:00:ab:cd:ef');
    for (const bad of ['52:54:00:ab:cd', '52:54:00:ab:cd:ef:01', '52:54:00:ab:cd:xg', '525:4:00:ab:cd:ef']) {
      expect(() => writeMac(b, 0, bad)).toThrow(/bad (MAC|hardware) address/);
    }
  });
});

describe('prefixes', () => {
  test('parse and canonicalize', () => {
    expect(parsePrefix('3FFF:0000::100:0:0:0/56')).toMatchObject({ address: '3fff::100:0:0:0', length: 56 });
    expect(parsePrefix('192.0.2.0/24')).toMatchObject({ address: '192.0.2.0', length: 24 });
    expect(parsePrefix('3fff::1').length).toBe(128);
    for (const bad of ['3fff::/129', '192.0.2.0/33', '3fff::/x', '3fff::/', '3fff::/5 6']) expect(() => parsePrefix(bad)).toThrow(/bad prefix/);
  });

  test.each([
    ['3fff:0:0:100::/56', '3fff:0:0:1ff::1', true],
    ['3fff:0:0:100::/56', '3fff:0:0:180::/64', true],
    ['3fff:0:0:100::/56', '3fff:0:0:200::1', false],
    ['3fff:0:0:100::/56', '3fff:0:0:100::/48', false], // wider than the prefix
    ['3fff:0:0:100::/57', '3fff:0:0:17f::1', true],
    ['3fff:0:0:100::/57', '3fff:0:0:180::1', false],
    ['::/0', '3fff::1', true],
    ['192.168.0.0/16', '192.168.77.1', true],
    ['192.168.0.0/16', '192.169.0.1', false],
    ['10.0.0.0/8', '3fff::1', false], // another family
  ] as const)('%s contains %s: %s', (outer, inner, yes) => expect(prefixContains(outer, inner)).toBe(yes));
});

describe('addresses derived from a MAC', () => {
  test('link-local and SLAAC use the modified EUI-64', () => {
    expect(linkLocal('52:54:00:12:34:56')).toBe('fe80::5054:ff:fe12:3456');
    expect(slaacAddress('3fff:0:0:1::/64', '52:54:00:12:34:56')).toBe('3fff::1:5054:ff:fe12:3456');
    expect(() => slaacAddress('3fff::/56', '52:54:00:12:34:56')).toThrow(/\/64/);
  });

  test('solicited-node group and multicast MACs', () => {
    expect(solicitedNode('3fff:0:0:1:5054:ff:fe12:3456')).toBe('ff02::1:ff12:3456');
    expect(multicastMac('ff02::1:ff12:3456')).toBe('33:33:ff:12:34:56');
    expect(multicastMac('255.255.255.255')).toBe('ff:ff:ff:ff:ff:ff');
    expect(multicastMac('224.0.0.251')).toBe('01:00:5e:00:00:fb');
    expect(multicastMac('239.255.255.250')).toBe('01:00:5e:7f:ff:fa');
    expect(multicastMac('192.168.1.1')).toBeUndefined();
    expect(multicastMac('3fff::1')).toBeUndefined();
  });
});
