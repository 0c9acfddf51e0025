// The WAN goes away and comes back: the ISP withdraws its default route, the ISP's port goes
// dark, the cable is pulled and plugged in again (Border.link, QMP set_link), and the router is
// rebooted. The router must stop advertising itself as the LAN's default router while it has none
// (RFC 7084 G-5) and be one again after, carry LAN traffic again within a stated bound, and keep
// its DHCPv6 identity (DUID, IAID) through all of it without releasing its prefix (RFC 7084 W-5,
// RFC 9096 WPD-9, WPD-10). One boot per image; each disruption recovers before the next. The
// reboot comes before the cable: a QMP system_reset after the router's NIC link was toggled kept
// QEMU (7.2, mipsel) from answering for about 50 s.
import { afterAll, describe, expect, test } from 'vitest';
import { decodeFrame } from '../../harness/packets/index.ts';
import { retry } from '../../harness/util/wait.ts';
import { images, useTopology } from '../../harness/vitest/topology.ts';
import { Border } from '../../peers/border/index.ts';
import { ipoe } from '../../topologies/ipoe.ts';
import { WORLD } from '../../topologies/world.ts';
import { decoded, keepBorderLogs, macOf, onlineLanClient, worksWithin, type LanClient, type SeenDecoded } from '../support/wan.ts';

/** How long the LAN may keep hearing the router as its default router once the WAN lost its own. */
const WITHDRAW_S = 10;
/** How long LAN → world may stay broken after the WAN is back. */
const RECOVER_S = 30;
/** From reset to LAN → world working again: boot, DHCP, delegation (emulated, on a shared machine). */
const REBOOT_S = 90;

describe.each(images())('WAN down and up on $label', (image) => {
  const topo = useTopology(ipoe, image);
  let border: Border | undefined;
  let client: Promise<LanClient> | undefined;
  afterAll(async () => {
    (await client?.catch(() => undefined))?.host.close();
    await keepBorderLogs(border, topo().lab.artifacts);
  });
  const isp = () => (border ??= new Border(topo().border!));
  const lan = () => (client ??= onlineLanClient(topo));

  /** The router's next unsolicited RA on lan from `since` whose Router Lifetime satisfies `ok`. */
  const lanRa = (since: number, ok: (lifetime: number) => boolean, what: string, timeout: number) =>
    topo().segments.lan.find((f) => {
      const d = decodeFrame(f.data);
      return f.time > since && f.from === 'qemu' && d.icmp6?.type === 'ra' && d.ipv6?.dst === 'ff02::1' && ok((d.icmp6 as { routerLifetime: number }).routerLifetime);
    }, { timeout, what });
  const backOnline = (c: LanClient) =>
    worksWithin('LAN → world over IPv6 and IPv4 again', RECOVER_S * 1000, async () => {
      await c.host.ping6(WORLD.server6, { timeout: 1000 });
      await c.host.ping(WORLD.server4, { timeout: 1000 });
    });

  test(`G-5: when the ISP withdraws its default route (its RA says Router Lifetime 0) the router's next unsolicited LAN RA, within ${WITHDRAW_S} s, says 0 too; when the ISP is back, so is the router`, async () => {
    const c = await lan();
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
    const c = await lan();
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
  test(`the router reboots: it takes its prefix again and LAN → world works again within ${REBOOT_S} s`, async () => {
    const c = await lan();
    const { router, segments } = topo();
    // QEMU runs guests with -no-reboot: the reset action becomes a reset before QMP system_reset.
    await router.qmp.execute('set-action', { reboot: 'reset' });
    rebootedAt = Date.now();
    await router.qmp.execute('system_reset', undefined, 60_000);
    await router.waitReady({ timeout: REBOOT_S * 1000 });
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
    const c = await lan();
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
});
