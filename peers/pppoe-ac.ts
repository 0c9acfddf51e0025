// A scripted PPPoE access concentrator (RFC 2516) on a Host: it answers PADIs with PADOs and
// PADRs with PADSs — or not, as the case wants (a silent AC, one that drops every third PADR,
// one that offers a cookie, a relay id and an unknown tag, one that assigns a reserved session
// id) — and then plays the PPP peer in the session: LCP with the options it is told to ask for,
// echo replies, IPCP (gives the router an address) and IPv6CP, so that a session stays up for as
// long as the case needs it. Everything it does is on the wire, where the case looks.
import { pppoeDiscovery, pppSession, type Decoded, type IpcpOptions, type Ipv6cpOptions, type LcpOptions, type PppInit, type PppoeTags } from '../harness/packets/index.ts';
import type { Host } from '../harness/host/host.ts';
import { deadline, type WaitOptions } from '../harness/util/wait.ts';

export interface PppoeAcOptions {
  /** AC-Name in every PADO (default "forged-ac"). */
  acName: string;
  /** Service-Name in the PADO and PADS; default: the one the PADI asked for. */
  serviceName?: string;
  /** More tags for every PADO: an AC-Cookie, a Relay-Session-Id, unknown ones as `option<type>`. */
  padoTags: PppoeTags;
  /** Whether to answer the n-th PADI (from 1) with a PADO. */
  answerPadi: (n: number) => boolean;
  /** Whether to answer the n-th PADR (from 1) with a PADS: `(n) => n % 3 !== 0` drops every third. */
  answerPadr: (n: number) => boolean;
  /** The session id of the n-th PADS (from 1). */
  sessionId: (n: number) => number;
  /** What to ask for in our LCP Configure-Request (Rejected options are dropped, Nak'd ones taken). */
  lcp: LcpOptions;
  /** The router's IPCP address and ours. */
  ipv4: { peer: string; local: string };
}

export interface AcSession {
  id: number;
  /** The router's MAC. */
  peer: string;
  /** When the PADS went out (ms since the epoch). */
  since: number;
}

export interface PppoeAc {
  readonly host: Host;
  /** PADIs and PADRs received, PADSs sent. */
  readonly padis: number;
  readonly padrs: number;
  readonly sessions: readonly AcSession[];
  /** The session PPP runs on now (the last PADS), until a PADT from either side. */
  readonly session: AcSession | undefined;
  /** Changes what the AC does from now on. */
  set(o: Partial<PppoeAcOptions>): void;
  /** Answers the last PADI seen (if any) with a PADO now: for a router already waiting for one. */
  offerNow(): boolean;
  /** Sends a PPP packet in the current session. */
  sendPpp(ppp: PppInit, session?: AcSession): void;
  /** Sends a PADT for `session` (default: the current one), or for any session id. */
  padt(session?: AcSession | number): void;
  /** The next frame from the router (to this AC's MAC or broadcast) that satisfies `match`. */
  next(match: (f: Decoded) => boolean, opts?: WaitOptions): Promise<Decoded>;
  /** Waits until LCP is open both ways (our Configure-Request acked, theirs acked by us). */
  lcpOpen(opts?: WaitOptions): Promise<AcSession>;
  /** Waits until LCP, IPCP and IPv6CP are all open both ways. */
  ncpOpen(opts?: WaitOptions): Promise<AcSession>;
  stop(): void;
}

const DEFAULTS: PppoeAcOptions = {
  acName: 'forged-ac',
  padoTags: {},
  answerPadi: () => true,
  answerPadr: () => true,
  sessionId: (n) => 0x1100 + n,
  lcp: { mru: 1492, magic: 0x4ac0ffee },
  ipv4: { peer: '10.64.0.2', local: '10.64.0.1' },
};

/** Runs an AC on `host` (a Host on `access`); the returned handle steers it. */
export function pppoeAc(host: Host, options: Partial<PppoeAcOptions> = {}): PppoeAc {
  let o: PppoeAcOptions = { ...DEFAULTS, ...options };
  let padis = 0;
  let padrs = 0;
  const sessions: AcSession[] = [];
  let current: AcSession | undefined;
  let lastPadi: Decoded | undefined;
  let ppp = freshPpp();
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const l of [...listeners]) l();
  };

  const pado = (padi: Decoded) => {
    const router = padi.eth!.src;
    const tags = padi.pppoe!.tags ?? {};
    host.send(
      pppoeDiscovery('pado', {
        mac: host.mac,
        dstMac: router,
        tags: { acName: o.acName, serviceName: o.serviceName ?? tags.serviceName ?? '', hostUniq: tags.hostUniq, ...o.padoTags },
      }),
    );
  };

  const send = (p: PppInit, s: AcSession | undefined = current) => {
    if (s) host.send(pppSession({ mac: host.mac, dstMac: s.peer, session: s.id, ppp: p }));
  };

  // Our Configure-Requests for LCP, IPCP and IPv6CP: retransmitted each second until acked.
  let timer: NodeJS.Timeout | undefined;
  const requestAll = () => {
    if (!current) return;
    if (!ppp.lcp.acked) send({ protocol: 'lcp', code: 'configure-request', id: ppp.lcp.id, options: ppp.lcp.options as LcpOptions });
    if (ppp.lcp.acked && ppp.lcp.ackedTheirs) {
      if (!ppp.ipcp.acked) send({ protocol: 'ipcp', code: 'configure-request', id: ppp.ipcp.id, options: ppp.ipcp.options as IpcpOptions });
      if (!ppp.ipv6cp.acked) send({ protocol: 'ipv6cp', code: 'configure-request', id: ppp.ipv6cp.id, options: ppp.ipv6cp.options as Ipv6cpOptions });
    }
  };
  const startPpp = () => {
    ppp = freshPpp();
    ppp.lcp.options = { ...o.lcp };
    ppp.ipcp.options = { address: o.ipv4.local };
    clearInterval(timer);
    timer = setInterval(requestAll, 1000);
    requestAll();
  };
  const endSession = () => {
    current = undefined;
    clearInterval(timer);
    changed();
  };

  const off = host.on(({ frame: f }) => {
    const p = f.pppoe;
    if (!p || !f.eth) return;
    if (p.code === 'padi') {
      lastPadi = f;
      if (o.answerPadi(++padis)) pado(f);
    } else if (p.code === 'padr' && f.eth.dst === host.mac) {
      if (!o.answerPadr(++padrs)) return;
      const id = o.sessionId(sessions.length + 1);
      const s = { id, peer: f.eth.src, since: Date.now() };
      sessions.push(s);
      current = s;
      host.send(pppoeDiscovery('pads', { mac: host.mac, dstMac: s.peer, session: id, tags: { serviceName: o.serviceName ?? p.tags?.serviceName ?? '', hostUniq: p.tags?.hostUniq, relaySessionId: p.tags?.relaySessionId } }));
      startPpp();
      changed();
    } else if (p.code === 'padt' && current && p.session === current.id && f.eth.src === current.peer) {
      endSession();
    } else if (p.code === 'session' && current && p.session === current.id && f.eth.src === current.peer && f.ppp) {
      answerPpp(f.ppp as PppInit);
      changed();
    }
  });

  const answerPpp = (q: PppInit) => {
    if (q.protocol !== 'lcp' && q.protocol !== 'ipcp' && q.protocol !== 'ipv6cp') return;
    const cp = ppp[q.protocol];
    const id = q.id ?? 0;
    switch (q.code) {
      case 'configure-request': {
        const reply = q.protocol === 'ipcp' ? ipcpReply(q.options ?? {}, o.ipv4.peer) : { code: 'configure-ack' as const, options: q.options };
        send({ protocol: q.protocol, code: reply.code, id, options: reply.options } as PppInit);
        if (reply.code === 'configure-ack') cp.ackedTheirs = true;
        if (q.protocol === 'lcp') requestAll();
        break;
      }
      case 'configure-ack':
        if (id === cp.id) cp.acked = true;
        if (q.protocol === 'lcp') requestAll();
        break;
      case 'configure-nak':
        if (id === cp.id) {
          cp.options = { ...cp.options, ...(q.options as object) };
          cp.id++;
          requestAll();
        }
        break;
      case 'configure-reject':
        if (id === cp.id) {
          const left: Record<string, unknown> = { ...cp.options };
          for (const k of Object.keys(q.options ?? {})) delete left[k];
          cp.options = left;
          cp.id++;
          requestAll();
        }
        break;
      case 'echo-request':
        if (q.protocol === 'lcp') send({ protocol: 'lcp', code: 'echo-reply', id, magic: (ppp.lcp.options as LcpOptions).magic ?? 0, data: q.data });
        break;
      case 'terminate-request':
        send({ protocol: q.protocol, code: 'terminate-ack', id });
        // LCP down: RFC 2516 §7, the session is not used again.
        if (q.protocol === 'lcp') endSession();
        break;
      case 'terminate-ack':
        if (q.protocol === 'lcp') endSession();
        break;
      default:
        break;
    }
  };

  const whenOpen = (cps: Array<'lcp' | 'ipcp' | 'ipv6cp'>, opts: WaitOptions) => {
    let stop = () => {};
    const p = new Promise<AcSession>((resolve) => {
      const check = () => {
        if (current && cps.every((cp) => ppp[cp].acked && ppp[cp].ackedTheirs)) {
          stop();
          resolve(current);
        }
      };
      listeners.add(check);
      stop = () => listeners.delete(check);
      check();
    });
    return deadline(p, { timeout: 15_000, what: `${cps.join(', ').toUpperCase()} open with AC ${host.name}`, evidence: () => host.evidence(), onGiveUp: stop, ...opts });
  };

  const ac: PppoeAc = {
    host,
    get padis() {
      return padis;
    },
    get padrs() {
      return padrs;
    },
    sessions,
    get session() {
      return current;
    },
    set(more) {
      o = { ...o, ...more };
    },
    offerNow() {
      if (!lastPadi) return false;
      pado(lastPadi);
      return true;
    },
    sendPpp: (p, s) => send(p, s),
    padt(which) {
      const s = typeof which === 'number' ? { id: which, peer: current?.peer ?? sessions.at(-1)?.peer ?? '' } : (which ?? current);
      if (!s || !s.peer) throw new Error('padt: no session to end (no PADS was sent)');
      host.send(pppoeDiscovery('padt', { mac: host.mac, dstMac: s.peer, session: s.id }));
      if (current && s.id === current.id) endSession();
    },
    next: async (match, opts = {}) => (await host.next(match, { what: `a frame from the router at AC ${host.name}`, ...opts })).frame,
    lcpOpen: (opts = {}) => whenOpen(['lcp'], opts),
    ncpOpen: (opts = {}) => whenOpen(['lcp', 'ipcp', 'ipv6cp'], opts),
    stop() {
      clearInterval(timer);
      off();
      listeners.clear();
    },
  };
  return ac;
}

interface CpState {
  id: number;
  options: object;
  /** Our Configure-Request was acked. */
  acked: boolean;
  /** We acked theirs. */
  ackedTheirs: boolean;
}
function freshPpp(): Record<'lcp' | 'ipcp' | 'ipv6cp', CpState> {
  const cp = (id: number): CpState => ({ id, options: {}, acked: false, ackedTheirs: false });
  return { lcp: cp(1), ipcp: cp(1), ipv6cp: { ...cp(1), options: { interfaceId: '0000:0000:0000:0001' } satisfies Ipv6cpOptions } };
}

/** IPCP: a router asking for 0.0.0.0 (or DNS) is Nak'd with what it should take; else acked. */
function ipcpReply(asked: IpcpOptions, peer: string): { code: 'configure-ack' | 'configure-nak'; options: IpcpOptions } {
  const nak: IpcpOptions = {};
  if (asked.address !== undefined && asked.address !== peer) nak.address = peer;
  if (asked.primaryDns !== undefined && asked.primaryDns !== '10.64.0.1') nak.primaryDns = '10.64.0.1';
  if (asked.secondaryDns !== undefined && asked.secondaryDns !== '10.64.0.1') nak.secondaryDns = '10.64.0.1';
  return Object.keys(nak).length ? { code: 'configure-nak', options: nak } : { code: 'configure-ack', options: asked };
}
