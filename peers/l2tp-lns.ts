// A scripted L2TP network server (RFC 2661) on a Host: it answers the router's SCCRQ with an
// SCCRP (with a Challenge if asked), acknowledges the SCCCN, answers the ICRQ with an ICRP and
// acknowledges the ICCN, keeping the control channel's Ns/Nr as a real LNS would. A case then
// sends what it wants in the LNS's name — a retransmitted ICRP, a HELLO, a StopCCN — with
// `send`/`resend`, and reads the router's answers off the wire. PPP in the data channel is left
// unanswered: these are control-connection cases.
import { createHash } from 'node:crypto';
import { encodeL2tp, l2tpOf, udpDatagram, L2TP_PORT, type L2tp, type L2tpAvps } from '../harness/packets/index.ts';
import type { Host } from '../harness/host/host.ts';

export interface LnsOptions {
  /** Host Name AVP of the SCCRP (default "forged-lns"). */
  hostName: string;
  /** The tunnel and session ids the LNS assigns. */
  tunnelId: number;
  sessionId: number;
  /** A Challenge AVP for the SCCRP (the router needs the shared secret to answer it). */
  challenge?: Uint8Array;
  /** Answer SCCRQs at all (false: a silent LNS). */
  answer: boolean;
}

/** The tunnel as the LNS knows it. */
export interface LnsTunnel {
  /** The router's address, UDP port, and the tunnel and session ids it assigned. */
  peer: { ip: string; mac: string; port: number };
  peerTunnel: number;
  peerSession?: number;
  /** The Ns the LNS sends next, and the Nr it sends (the router's next Ns). */
  ns: number;
  nr: number;
}

export interface SentControl {
  ns: number;
  bytes: Buffer;
}

export interface L2tpLns {
  readonly host: Host;
  readonly tunnel: LnsTunnel | undefined;
  set(o: Partial<LnsOptions>): void;
  /** Sends a control message in the LNS's name on the tunnel (session 0 unless given); returns it for `resend`. */
  send(avps: L2tpAvps, session?: number): SentControl;
  /** Sends an earlier message again with the same Ns (and, like a real retransmission, the current Nr). */
  resend(m: SentControl): void;
  /** The messages this LNS sent, in order (ICRP, …), by message type. */
  sent(type: string): SentControl | undefined;
  stop(): void;
}

/** The Challenge Response (RFC 2661 §4.2, CHAP-like): MD5 over the message type, the secret and the challenge. */
export function challengeResponse(messageType: number, secret: string, challenge: Uint8Array): Buffer {
  return createHash('md5').update(Buffer.from([messageType])).update(secret).update(challenge).digest();
}

const DEFAULTS: LnsOptions = { hostName: 'forged-lns', tunnelId: 0x4c4e, sessionId: 0x5353, answer: true };

/** Runs an LNS on `host` (configured with the LNS address the router dials). */
export function l2tpLns(host: Host, options: Partial<LnsOptions> = {}): L2tpLns {
  if (!host.ip4) throw new Error(`LNS ${host.name} needs an address: configure({ ip4 }) first`);
  let o: LnsOptions = { ...DEFAULTS, ...options };
  let tunnel: LnsTunnel | undefined;
  const sent = new Map<string, SentControl>();

  const out = (t: LnsTunnel, bytes: Buffer) =>
    host.send(udpDatagram({ mac: host.mac, dstMac: t.peer.mac, src: host.ip4!, dst: t.peer.ip, srcPort: L2TP_PORT, dstPort: t.peer.port, data: bytes }));
  const control = (t: LnsTunnel, avps: L2tpAvps, session = 0): SentControl => {
    const ns = t.ns++;
    const bytes = Buffer.from(encodeL2tp({ tunnel: t.peerTunnel, session, ns, nr: t.nr, avps }));
    const m = { ns, bytes };
    if (typeof avps.messageType === 'string') sent.set(avps.messageType, m);
    out(t, bytes);
    return m;
  };
  const zlb = (t: LnsTunnel) => out(t, Buffer.from(encodeL2tp({ tunnel: t.peerTunnel, ns: t.ns, nr: t.nr })));

  const off = host.on(({ frame }) => {
    const m = l2tpOf(frame);
    if (!m || m.type !== 'control' || frame.udp?.dstPort !== L2TP_PORT || frame.ipv4?.dst !== host.ip4) return;
    if (m.message === 'sccrq') return sccrq(m, frame.ipv4!.src, frame.eth!.src, frame.udp.srcPort);
    const t = tunnel;
    if (!t || m.tunnel !== o.tunnelId || m.message === undefined) return;
    if (m.ns! !== t.nr) {
      // A duplicate (or out of order): acknowledge what we have, as RFC 2661 §5.8 asks.
      if (m.ns! < t.nr) zlb(t);
      return;
    }
    t.nr = (t.nr + 1) & 0xffff;
    if (m.message === 'icrq') {
      t.peerSession = m.avps!.assignedSessionId;
      control(t, { messageType: 'icrp', assignedSessionId: o.sessionId }, t.peerSession);
    } else zlb(t);
  });

  const sccrq = (m: L2tp, ip: string, mac: string, port: number) => {
    if (!o.answer) return;
    // A retransmitted SCCRQ of the tunnel we are setting up: the SCCRP again (same Ns).
    const again = tunnel && tunnel.peer.ip === ip && tunnel.peerTunnel === m.avps?.assignedTunnelId && m.ns === 0 && tunnel.nr === 1;
    if (again) {
      const sccrp = sent.get('sccrp');
      if (sccrp) out(tunnel!, sccrp.bytes);
      return;
    }
    tunnel = { peer: { ip, mac, port }, peerTunnel: m.avps?.assignedTunnelId ?? 0, ns: 0, nr: ((m.ns ?? 0) + 1) & 0xffff };
    sent.clear();
    control(tunnel, {
      messageType: 'sccrp',
      protocolVersion: { version: 1, revision: 0 },
      framingCapabilities: 3,
      bearerCapabilities: 0,
      hostName: o.hostName,
      assignedTunnelId: o.tunnelId,
      receiveWindowSize: 4,
      ...(o.challenge ? { challenge: o.challenge } : {}),
    });
  };

  return {
    host,
    get tunnel() {
      return tunnel;
    },
    set(more) {
      o = { ...o, ...more };
    },
    send(avps, session) {
      if (!tunnel) throw new Error('the LNS has no tunnel yet: the router has sent no SCCRQ it answered');
      return control(tunnel, avps, session);
    },
    resend(m) {
      if (!tunnel) throw new Error('the LNS has no tunnel to resend on');
      const bytes = Buffer.from(m.bytes);
      bytes.writeUInt16BE(tunnel.nr, 10);
      out(tunnel, bytes);
    },
    sent: (type) => sent.get(type),
    stop: off,
  };
}
