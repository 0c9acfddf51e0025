// The control API of the border VM (the ISP, fixtures/border): what cases ask of it — the
// subscriber sessions, the prefix it delegated, restarting services, ending sessions, renumbering,
// pulling the cable — without ever matching strings themselves. Everything goes through
// `netrig-ctl` on the border's console (its JSON for sessions) or through QMP for the links.
import fs from 'node:fs';
import path from 'node:path';
import type { Guest } from '../../harness/qemu/guest.ts';
import { NetrigError, retry, type WaitOptions } from '../../harness/util/wait.ts';

/** One subscriber as the border sees it (`netrig-ctl sessions`). */
export interface Session {
  kind: 'pppoe' | 'l2tp' | 'ipoe';
  /** The border's interface for it: `pppN`, or `access` for IPoE. */
  interface: string | null;
  /** PPP user name (null for IPoE). */
  username: string | null;
  /** The subscriber's IPv4 address (IPCP, or the DHCPv4 lease). */
  ipv4: string | null;
  /** The subscriber's IA_NA address. */
  ipv6: string | null;
  /** The prefix delegated to it, e.g. `3fff:100::/56`. */
  prefix: string | null;
  /** The subscriber's MAC (PPPoE peer, or DHCP client); null over L2TP. */
  mac: string | null;
  /** PPPoE session id. */
  pppoeSession: number | null;
  /** ISO time the session came up (PPP). */
  since: string | null;
}

export type BorderService = 'pppoe' | 'l2tp' | 'dhcp4' | 'dhcp6' | 'radvd' | 'pd-routes';
export type BorderLink = 'access' | 'world';

const KINDS = ['pppoe', 'l2tp', 'ipoe'];

/** Parses the output of `netrig-ctl sessions` (a JSON array); throws saying what is wrong. */
export function parseSessions(text: string): Session[] {
  const start = text.indexOf('[');
  const end = text.lastIndexOf(']');
  if (start < 0 || end < start) throw new NetrigError(`netrig-ctl sessions printed no JSON array: ${JSON.stringify(text.slice(0, 200))}`);
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, end + 1));
  } catch (e) {
    throw new NetrigError(`netrig-ctl sessions printed bad JSON (${(e as Error).message}): ${JSON.stringify(text.slice(0, 200))}`);
  }
  if (!Array.isArray(value)) throw new NetrigError('netrig-ctl sessions: expected an array');
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  // pppd's ipv6-up may run before its ip-up: for a moment a session is only its interface.
  const formed = value.filter((raw) => !(typeof raw === 'object' && raw !== null && (raw as Record<string, unknown>).kind === null));
  return formed.map((raw, i) => {
    const s = raw as Record<string, unknown>;
    if (typeof s !== 'object' || s === null || !KINDS.includes(s.kind as string)) {
      throw new NetrigError(`netrig-ctl sessions: entry ${i} has no known kind: ${JSON.stringify(raw)}`);
    }
    return {
      kind: s.kind as Session['kind'],
      interface: str(s.interface),
      username: str(s.username),
      ipv4: str(s.ipv4),
      ipv6: str(s.ipv6),
      prefix: str(s.prefix),
      mac: str(s.mac)?.toLowerCase() ?? null,
      pppoeSession: typeof s.pppoeSession === 'number' ? s.pppoeSession : null,
      since: str(s.since),
    };
  });
}

/**
 * The session that belongs to `router` (a Guest: the MAC of its `wan` NIC; or a MAC), among
 * `sessions`. Without a router, or when no session names that MAC (L2TP sessions carry none;
 * dhcpcd's DUID may come from another NIC), the only session there is.
 */
export function sessionOf(sessions: Session[], mac?: string, want: (s: Session) => boolean = () => true): Session | undefined {
  const ok = sessions.filter(want);
  if (mac) {
    const m = mac.toLowerCase();
    const byMac = ok.find((s) => s.mac === m);
    if (byMac) return byMac;
  }
  return ok.length === 1 ? ok[0] : undefined;
}

export interface WaitForSession extends WaitOptions {
  /** The router whose session is awaited (Guest or WAN MAC); default: any session. */
  router?: Guest | string;
  /** Also wait for these to be known (default: `ipv4`). */
  with?: Array<'ipv4' | 'ipv6' | 'prefix'>;
  /** Only a session other than this one (e.g. the redial after a PADT): compared by `since` and PPPoE session id. */
  not?: Session;
  /** Poll interval, ms (default 250). */
  interval?: number;
}

export class Border {
  constructor(readonly guest: Guest) {}

  /** The border's addresses on `world` (what world hosts use as their gateway). */
  readonly worldAddress4 = '198.51.100.1';
  readonly worldAddress6 = '3fff:ffff::1';

  private async ctl(args: string, opts: WaitOptions = {}): Promise<string> {
    return this.guest.succeed(`netrig-ctl ${args}`, { timeout: 20_000, ...opts });
  }

  /** Every subscriber session the border knows of (PPP units, IPoE leases). */
  async sessions(): Promise<Session[]> {
    return parseSessions(await this.ctl('sessions'));
  }

  /** The prefix delegated to `router` (Guest, or the MAC of its WAN NIC), e.g. `3fff:100::/56`. */
  async delegatedPrefix(router?: Guest | string): Promise<string> {
    const sessions = await this.sessions();
    const s = sessionOf(sessions, macOf(router), (x) => x.prefix !== null);
    if (!s?.prefix) throw new NetrigError(`the border has delegated no prefix${router ? ` to ${macOf(router)}` : ''}; sessions: ${JSON.stringify(sessions)}`);
    return s.prefix;
  }

  /** Polls `sessions()` until the router's session is up (with the fields asked for). */
  async waitForSession(opts: WaitForSession = {}): Promise<Session> {
    const fields = opts.with ?? ['ipv4'];
    const mac = macOf(opts.router);
    let last: Session[] = [];
    return retry(
      async () => {
        last = await this.sessions();
        const s = sessionOf(last, mac, (x) => fields.every((f) => x[f] !== null) && !sameSession(x, opts.not));
        return s;
      },
      {
        timeout: 60_000,
        interval: opts.interval ?? 250,
        what: `a session at the border${mac ? ` for ${mac}` : ''} with ${fields.join(', ')}${opts.not ? ' (a new one)' : ''}`,
        evidence: () => `sessions: ${JSON.stringify(last)}\n${this.guest.evidence()}`,
        ...opts,
      },
    );
  }

  /** Restarts a service; restarting `pppoe` or `l2tp` also ends every PPP session silently (a crashed concentrator). */
  async restart(service: BorderService): Promise<void> {
    await this.ctl(`restart ${service}`);
  }

  async stop(service: BorderService): Promise<void> {
    await this.ctl(`stop ${service}`);
  }

  async start(service: BorderService): Promise<void> {
    await this.ctl(`start ${service}`);
  }

  /** A PADT from the concentrator for every PPPoE session. */
  async sendPadt(): Promise<void> {
    await this.ctl('padt');
  }

  /** An LCP Terminate-Request on every PPP session. */
  async hangup(): Promise<void> {
    await this.ctl('hangup');
  }

  /** Renumbering: a new delegation pool (and delegated length); PPP sessions move at once, IPoE at the next Renew. */
  async setPrefix(prefix: string, len?: number): Promise<void> {
    if (!/^[0-9a-f:]+\/\d{1,3}$/i.test(prefix)) throw new NetrigError(`setPrefix: "${prefix}" is not an IPv6 prefix like 3fff:200::/40`);
    if (len !== undefined && (!Number.isInteger(len) || len < 48 || len > 64)) throw new NetrigError(`setPrefix: delegated length ${len} is outside 48–64`);
    await this.ctl(`set-prefix ${prefix}${len !== undefined ? ` ${len}` : ''}`);
  }

  /**
   * The router lifetime of the border's RAs on access (and PPP links): 0 withdraws the border as
   * a default router, as an ISP whose upstream went away; radvd restarts and advertises it at once.
   */
  async setRouterLifetime(seconds: number): Promise<void> {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 9000) throw new NetrigError(`setRouterLifetime: ${seconds} is not a router lifetime in seconds (0–9000, RFC 4861)`);
    await this.ctl(`router-lifetime ${seconds}`);
  }

  /**
   * Routes `prefix` via `via` (a subscriber's address on access, link-local or global): for a
   * prefix a case delegated itself while the border's own DHCPv6 server is held (`netrig.hold=`).
   */
  async routePrefix(prefix: string, via: string): Promise<void> {
    if (!/^[0-9a-f:]+\/\d{1,3}$/i.test(prefix)) throw new NetrigError(`routePrefix: "${prefix}" is not an IPv6 prefix like 3fff:100::/48`);
    if (!/^[0-9a-f:]+$/i.test(via)) throw new NetrigError(`routePrefix: "${via}" is not an IPv6 address`);
    await this.ctl(`route ${prefix} ${via}`);
  }

  /**
   * The border's NIC `name` (access: the router's WAN cable; world), pulled and plugged via QMP
   * `set_link`. Alone, that is the ISP's port going dark: the far end keeps its carrier and only
   * hears silence (as behind a media converter). With `peers`, the NICs those guests have on the
   * same segment go down and up with it: the cable itself pulled, both ends lose carrier.
   */
  link(name: BorderLink, opts: { peers?: Guest[] } = {}): { down(): Promise<void>; up(): Promise<void> } {
    const nic = this.guest.nics.find((n) => n.name === name);
    if (!nic) throw new NetrigError(`the border has no NIC named ${name} (has ${this.guest.nics.map((n) => n.name).join(', ')})`);
    const ends: Array<[Guest, string]> = [[this.guest, name]];
    for (const peer of opts.peers ?? []) {
      const theirs = peer.nics.filter((n) => n.segment === nic.segment);
      if (!theirs.length) throw new NetrigError(`${peer.name} has no NIC on ${nic.segment.name}, the segment of the border's ${name}`);
      for (const n of theirs) ends.push([peer, n.name]);
    }
    const set = async (up: boolean) => {
      for (const [guest, nicName] of ends) await guest.qmp.execute('set_link', { name: nicDeviceId(nicName), up });
    };
    return { down: () => set(false), up: () => set(true) };
  }

  /**
   * Copies the border's logs (/var/log/*.log) through the console into `dir` (created), one file
   * each; returns the files written. Read over the console, so keep it for the end of a case.
   */
  async saveLogs(dir: string): Promise<string[]> {
    fs.mkdirSync(dir, { recursive: true });
    const list = (await this.ctl('logs')).split('\n').map((l) => l.trim()).filter((l) => /^\/var\/log\/[\w.-]+\.log$/.test(l));
    const written: string[] = [];
    for (const file of list) {
      const r = await this.guest.exec(`cat ${file}`, { timeout: 30_000 });
      const out = path.join(dir, path.basename(file));
      fs.writeFileSync(out, r.output.endsWith('\n') || !r.output ? r.output : `${r.output}\n`);
      written.push(out);
    }
    return written;
  }
}

/** The QOM id the harness gives a guest's NIC device (harness/qemu/guest.ts): `nic-<name>`. */
export function nicDeviceId(name: string): string {
  return `nic-${name}`;
}

function macOf(router: Guest | string | undefined): string | undefined {
  if (router === undefined) return undefined;
  if (typeof router === 'string') return router.toLowerCase();
  const wan = router.nics.find((n) => n.name === 'wan') ?? router.nics[0];
  return wan?.mac.toLowerCase();
}

function sameSession(a: Session, b: Session | undefined): boolean {
  if (!b) return false;
  if (a.pppoeSession !== null && b.pppoeSession !== null) return a.pppoeSession === b.pppoeSession && a.since === b.since;
  return a.since === b.since && a.interface === b.interface && a.ipv4 === b.ipv4;
}
