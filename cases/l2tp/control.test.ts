// The L2TP control connection (RFC 2661) between the router (LAC, xl2tpd) and the border's LNS,
// judged from the UDP/1701 messages on `access`, on every image: header bits, the Message Type
// AVP first, the AVPs each setup message must carry, tunnel and session ids assigned and used
// (SCCRQ → SCCRP → SCCCN, ICRQ → ICRP → ICCN). Then the LNS restarts and forgets its tunnels
// (Border.restart('l2tp')): the router's unanswered control messages back off exponentially,
// the tunnel is cleared after the retransmissions and a new one is set up from scratch.
// One boot per image; the restart comes last. The images' labs run side by side: they share
// nothing, and most of their time is xl2tpd's retransmission timers.
import { afterAll, beforeAll, describe, expect, test as vitestTest } from 'vitest';
import { l2tpOf, l2tpSummary, type L2tp } from '../../harness/packets/index.ts';
import { images, useTopology } from '../../harness/vitest/topology.ts';
import { Border } from '../../peers/border/index.ts';
import { l2tp } from '../../topologies/l2tp.ts';
import { keepBorderLogs } from '../support/wan.ts';
import { recorder, wanMac, type Mark, type Recorder, type Wire } from '../support/wire.ts';

/** Within one image the cases run in order: the restart is last. */
const test = vitestTest.sequential;

/**
 * How long the router may take to ask for a new tunnel after the LNS restarted. xl2tpd may only
 * notice a silent LNS by its HELLO, 60 s after the tunnel's last control message; then it
 * retransmits for 31 s (1 + 2 + 4 + 8 + 16, xl2tpd's default five retries), sends a StopCCN that
 * it retransmits for 31 s more, and redials 2 s later: about 125 s in the worst case, of which the
 * restart may take a part. The fixtures send each message four times (15 s each way): ~35 s there.
 */
const RECOVERY_S = 150;

type Msg = Wire & { l2tp: L2tp };

describe.concurrent.each(images())('L2TP control connection to the border LNS on $label', (image) => {
  const topo = useTopology(l2tp, image);
  let border: Border;
  let access: Recorder;
  let router = '';
  beforeAll(() => {
    access = recorder(topo().segments.access);
    router = wanMac(topo().router);
    border = new Border(topo().border!);
  });
  afterAll(() => keepBorderLogs(border, topo().lab.artifacts, topo().router));

  /** L2TP messages on access from `since`; `mine`: only the router's. */
  const messages = (since: number | Mark = 0, mine?: boolean): Msg[] =>
    access(since).flatMap((f) => {
      const m = l2tpOf(f);
      return m && (mine === undefined || (f.eth!.src === router) === mine) ? [{ ...f, l2tp: m }] : [];
    });
  const controls = (since: number | Mark = 0) => messages(since, true).filter((m) => m.l2tp.type === 'control');
  const first = (type: string, mine: boolean, since: number | Mark = 0) => messages(since, mine).find((m) => m.l2tp.message === type);
  const story = (ms: Msg[], t0 = ms[0]?.time ?? 0) => ms.map((m) => `  +${((m.time - t0) / 1000).toFixed(2)} s ${m.eth!.src === router ? 'router' : 'LNS   '} ${l2tpSummary(m.l2tp)}`).join('\n');

  test('L2TP-5: the control connection is set up SCCRQ → SCCRP → SCCCN, the SCCCN addressed to the LNS\'s tunnel id, and no call before it', async () => {
    const session = await border.waitForSession({ router: topo().router, with: ['ipv4'], timeout: 120_000 });
    expect(session.kind).toBe('l2tp');
    const sccrp = first('sccrp', false)!;
    const scccn = first('scccn', true)!;
    const all = story(messages());
    expect(first('sccrq', true), all).toBeDefined();
    expect(sccrp, all).toBeDefined();
    expect(scccn, all).toBeDefined();
    expect(scccn.time).toBeGreaterThan(sccrp.time);
    expect(scccn.l2tp.tunnel, all).toBe(sccrp.l2tp.avps!.assignedTunnelId);
    const icrq = first('icrq', true);
    expect(icrq === undefined || icrq.time > scccn.time, all).toBe(true);
  });

  test('L2TP-1: every control message from the router has T, L and S set, O and P clear, and Ver 2', () => {
    const mine = controls();
    expect(mine.length).toBeGreaterThanOrEqual(4);
    for (const m of mine) expect({ what: l2tpSummary(m.l2tp), version: m.l2tp.version, ...m.l2tp.bits }).toEqual({ what: l2tpSummary(m.l2tp), version: 2, length: true, sequence: true, offset: false, priority: false });
  });

  test('L2TP-2: the first AVP of every control message from the router (ZLBs aside) is the Message Type', () => {
    const withAvps = controls().filter((m) => m.l2tp.avpList!.length);
    expect(withAvps.length).toBeGreaterThanOrEqual(3);
    for (const m of withAvps) expect({ what: l2tpSummary(m.l2tp), first: m.l2tp.avpList![0].type, vendor: m.l2tp.avpList![0].vendor }).toEqual({ what: l2tpSummary(m.l2tp), first: 0, vendor: 0 });
  });

  test('L2TP-3: the SCCRQ goes to UDP port 1701 and carries Message Type, Protocol Version, Host Name, Framing Capabilities and Assigned Tunnel ID', () => {
    const sccrq = first('sccrq', true)!;
    expect(sccrq.udp!.dstPort).toBe(1701);
    expect(sccrq.l2tp.avpList!.map((a) => a.type)).toEqual(expect.arrayContaining([0, 2, 7, 3, 9]));
    expect(sccrq.l2tp.avps!.protocolVersion).toEqual({ version: 1, revision: 0 });
  });

  test('L2TP-4: the SCCRQ and the ICRQ carry header id 0 and assign a nonzero tunnel and session id of their own', () => {
    const sccrq = first('sccrq', true)!;
    const icrq = first('icrq', true)!;
    expect(sccrq.l2tp.tunnel).toBe(0);
    expect(sccrq.l2tp.avps!.assignedTunnelId).toBeGreaterThan(0);
    expect(icrq.l2tp.session).toBe(0);
    expect(icrq.l2tp.avps!.assignedSessionId).toBeGreaterThan(0);
  });

  test('L2TP-7: the ICRQ, sent once the tunnel is up, carries Message Type, Assigned Session ID and Call Serial Number', () => {
    const icrq = first('icrq', true)!;
    expect(icrq.time).toBeGreaterThan(first('scccn', true)!.time);
    expect(icrq.l2tp.avpList!.map((a) => a.type)).toEqual(expect.arrayContaining([0, 14, 15]));
  });

  test('L2TP-8: after the LNS\'s ICRP the ICCN carries Message Type, (Tx) Connect Speed and Framing Type, addressed to the LNS\'s session id', () => {
    const icrp = first('icrp', false)!;
    const iccn = first('iccn', true)!;
    expect(iccn.time).toBeGreaterThan(icrp.time);
    expect(iccn.l2tp.avpList!.map((a) => a.type)).toEqual(expect.arrayContaining([0, 24, 19]));
    expect(iccn.l2tp.session).toBe(icrp.l2tp.avps!.assignedSessionId);
  });

  test('L2TP-V3-1: L2TPv3 control messages from the router have Ver 3 and a nonzero Assigned Control Connection ID', ({ skip }) => {
    const v3 = controls().filter((m) => m.l2tp.version === 3);
    if (!v3.length) skip('the router speaks L2TPv2 only (xl2tpd): nothing to judge');
    for (const m of v3.filter((x) => x.l2tp.message === 'sccrq' || x.l2tp.message === 'sccrp')) expect(m.l2tp.avps!.assignedControlConnectionId).toBeGreaterThan(0);
  });

  // Last: the LNS loses every tunnel; the router recovers.
  let restarted: Mark = { index: 0 };
  let oldTunnel = 0;
  test(`L2TP-10: when the LNS restarts and answers nothing on the old tunnel, the router clears it after its retransmissions and sets up a new one (SCCRQ, Tunnel ID 0, Ns 0) within ${RECOVERY_S} s`, async () => {
    const before = await border.waitForSession({ router: topo().router, with: ['ipv4'], timeout: 30_000 });
    // The tunnel in use: the LNS's id from the last SCCRP so far.
    oldTunnel = messages(0, false).filter((m) => m.l2tp.message === 'sccrp').at(-1)!.l2tp.avps!.assignedTunnelId!;
    restarted = access.mark();
    const t0 = Date.now();
    await border.restart('l2tp');
    const sccrq = await access.until('a new SCCRQ from the router', RECOVERY_S * 1000, () => first('sccrq', true, restarted), router);
    const after = messages(restarted);
    expect(sccrq.l2tp.tunnel, story(after)).toBe(0);
    expect(sccrq.l2tp.ns, story(after)).toBe(0);
    // Nothing more on the old tunnel once the new one is asked for: control or PPP data.
    const late = messages(sccrq.time, true).filter((m) => m.l2tp.tunnel === oldTunnel);
    expect(late, story(after)).toHaveLength(0);
    const again = await border.waitForSession({ router: topo().router, with: ['ipv4'], not: before, timeout: Math.max(5_000, RECOVERY_S * 1000 - (Date.now() - t0)) });
    expect(again.kind).toBe('l2tp');
  }, (RECOVERY_S + 30) * 1000);

  test('L2TP-9: the router\'s unacknowledged control messages to the restarted LNS repeat with the same Ns at doubling intervals, never capped below 8 s', () => {
    const old = controls(restarted).filter((m) => m.l2tp.tunnel === oldTunnel && m.l2tp.message !== undefined);
    expect(old.length, story(messages(restarted))).toBeGreaterThanOrEqual(3);
    const byNs = new Map<number, Msg[]>();
    for (const m of old) byNs.set(m.l2tp.ns!, [...(byNs.get(m.l2tp.ns!) ?? []), m]);
    const [ns, tries] = [...byNs.entries()].sort((a, b) => b[1].length - a[1].length)[0];
    const gaps = tries.slice(1).map((m, i) => (m.time - tries[i].time) / 1000);
    const evidence = `Ns ${ns} sent ${tries.length} times, gaps ${gaps.map((g) => g.toFixed(2)).join(', ')} s:\n${story(tries)}`;
    expect(tries.length, evidence).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < gaps.length; i++) {
      // Each wait well over the one before (doubling, less the jitter of a loaded machine), until
      // a cap — and a cap is no less than 8 s.
      if (gaps[i - 1] < 8) expect(gaps[i], evidence).toBeGreaterThan(gaps[i - 1] * 1.4);
      else expect(gaps[i], evidence).toBeGreaterThanOrEqual(8 * 0.9);
    }
    expect(new Set(tries.map((m) => m.l2tp.message)).size, evidence).toBe(1);
  });
});
