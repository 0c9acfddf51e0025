import { describe, expect, it } from 'vitest';
import { Border, nicDeviceId, parseSessions, sessionOf } from './index.ts';

// What netrig-ctl sessions prints on the border console (lib.sh sessions_json): a PPPoE session
// and an IPoE subscriber, the latter with its v6 lease under a DUID of another NIC.
const CONSOLE = `[{"kind":"pppoe","interface":"ppp0","username":"netrig","ipv4":"10.0.0.2","ipv6":"3fff:0:1:0::100","prefix":"3fff:100::/56","mac":"52:54:00:00:01:01","pppoeSession":1,"since":"2026-11-23T13:00:00+00:00"},{"kind":"ipoe","interface":"access","username":null,"ipv4":"10.0.1.2","ipv6":null,"prefix":null,"mac":"52:54:00:AA:00:02","pppoeSession":null,"since":null}]`;

describe('parseSessions', () => {
  it('reads the JSON netrig-ctl prints, normalising MACs and empty fields', () => {
    const s = parseSessions(`${CONSOLE}\n`);
    expect(s).toHaveLength(2);
    expect(s[0]).toEqual({
      kind: 'pppoe',
      interface: 'ppp0',
      username: 'netrig',
      ipv4: '10.0.0.2',
      ipv6: '3fff:0:1:0::100',
      prefix: '3fff:100::/56',
      mac: '52:54:00:00:01:01',
      pppoeSession: 1,
      since: '2026-11-23T13:00:00+00:00',
    });
    expect(s[1]).toMatchObject({ kind: 'ipoe', mac: '52:54:00:aa:00:02', prefix: null, pppoeSession: null });
  });

  it('takes an empty array, and ignores console noise around the JSON', () => {
    expect(parseSessions('[]')).toEqual([]);
    expect(parseSessions('netrig-ctl sessions\r\n[]\r\n')).toEqual([]);
  });

  it('leaves out a session still forming (ipv6-up ran before ip-up: no kind yet)', () => {
    expect(parseSessions('[{"kind":null,"interface":"ppp0","username":null,"ipv4":null,"ipv6":null,"prefix":null,"mac":null,"pppoeSession":null,"since":null}]')).toEqual([]);
  });

  it('fails saying what it got', () => {
    expect(() => parseSessions('sh: netrig-ctl: not found')).toThrow(/no JSON array.*not found/);
    expect(() => parseSessions('[{"kind":"pppoe",]')).toThrow(/bad JSON/);
    expect(() => parseSessions('[{"kind":"dsl"}]')).toThrow(/entry 0 has no known kind/);
  });
});

describe('sessionOf', () => {
  const sessions = parseSessions(CONSOLE);
  it('finds the router by its WAN MAC, in any case', () => {
    expect(sessionOf(sessions, '52:54:00:AA:00:02')?.kind).toBe('ipoe');
  });
  it('falls back to the only session that qualifies (L2TP sessions carry no MAC)', () => {
    expect(sessionOf(sessions, '52:54:00:ff:ff:ff', (s) => s.prefix !== null)?.interface).toBe('ppp0');
    expect(sessionOf(sessions, undefined)).toBeUndefined();
    expect(sessionOf([], undefined)).toBeUndefined();
  });
});

describe('nicDeviceId', () => {
  it('is the id harness/qemu/guest.ts gives a NIC device', () => {
    expect(nicDeviceId('access')).toBe('nic-access');
  });
});

describe('Border: refuses what netrig-ctl would not take, before the console is asked', () => {
  // A guest whose console would fail the case if reached: the checks must come first.
  const guest = {
    name: 'border',
    nics: [{ name: 'access', segment: { name: 'access' }, mac: '52:54:00:02:00:01' }],
    succeed: () => Promise.reject(new Error('console reached')),
  } as unknown as ConstructorParameters<typeof Border>[0];
  const border = new Border(guest);
  it('setRouterLifetime: whole seconds within 0–9000', async () => {
    await expect(border.setRouterLifetime(-1)).rejects.toThrow(/0–9000/);
    await expect(border.setRouterLifetime(1.5)).rejects.toThrow(/0–9000/);
    await expect(border.setRouterLifetime(9001)).rejects.toThrow(/0–9000/);
  });
  it('routePrefix: an IPv6 prefix via an IPv6 address', async () => {
    await expect(border.routePrefix('3fff:1a0::', 'fe80::1')).rejects.toThrow(/not an IPv6 prefix/);
    await expect(border.routePrefix('3fff:1a0::/48', '10.0.1.2')).rejects.toThrow(/not an IPv6 address/);
  });
  it('link: a peer with no NIC on the segment is refused by name', () => {
    const other = { name: 'server', nics: [{ name: 'eth0', segment: { name: 'world' }, mac: '52:54:00:fd:00:01' }] } as unknown as ConstructorParameters<typeof Border>[0];
    expect(() => border.link('access', { peers: [other] })).toThrow(/server has no NIC on access/);
    expect(() => border.link('world')).toThrow(/no NIC named world/);
  });
});
