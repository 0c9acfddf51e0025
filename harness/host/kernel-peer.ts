// A kernel peer: a real Linux network stack on a segment, for cases that want real tools (the
// system's dhclient and ping, a browser) rather than a forged client. It gets a network namespace
// of its own — so two peers on different segments cannot route around the router — whose eth0 is
// a tap that a QEMU hub (no guest) bridges to the segment's multicast group.
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import type { Lab } from '../lab/lab.ts';
import { PDEATHSIG } from '../net/netns.ts';
import type { Segment } from '../net/segment.ts';
import { NetrigError, retry, tail } from '../util/wait.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
let peers = 0;

export class KernelPeer {
  private constructor(
    readonly name: string,
    readonly segment: Segment,
    readonly mac: string,
    private readonly holder: ResultPromise,
    private readonly bridge: ResultPromise,
    private readonly lab: Lab,
  ) {}

  /** Attaches a kernel peer to `segment`; its interface is `eth0`, up, with IPv6 link-local. */
  static async attach(lab: Lab, segment: Segment, opts: { name: string; mac?: string }): Promise<KernelPeer> {
    const tap = `t${opts.name.slice(0, 10)}`;
    const mac = opts.mac ?? `52:54:00:fe:00:${(++peers).toString(16).padStart(2, '0')}`;
    // The bridge: a guestless QEMU whose hub joins the segment's socket and a tap device.
    const bridgeArgv = lab.netns.wrap([
      'qemu-system-x86_64', '-M', 'none', '-nodefaults', '-display', 'none', '-no-user-config',
      '-netdev', segment.netdev('seg'), '-netdev', 'hubport,id=h0,hubid=0,netdev=seg',
      '-netdev', `tap,id=tap,ifname=${tap},script=no,downscript=no`, '-netdev', 'hubport,id=h1,hubid=0,netdev=tap',
    ]);
    const bridge = execa(bridgeArgv[0], bridgeArgv.slice(1), { reject: false, stdin: 'ignore', all: true, buffer: true, cleanup: true });
    // The peer's own namespace, held by a sleeping process that dies with us.
    const holderArgv = lab.netns.rootless
      ? ['nsenter', '-t', String(lab.netns.pid), '-U', '--preserve-credentials', '--', 'unshare', '-n', '--', ...PDEATHSIG, 'sleep', 'infinity']
      : ['unshare', '-n', '--', ...PDEATHSIG, 'sleep', 'infinity'];
    const holder = execa(holderArgv[0], holderArgv.slice(1), { reject: false, stdin: 'ignore', cleanup: true });
    const peer = new KernelPeer(opts.name, segment, mac, holder, bridge, lab);
    lab.defer(() => peer.close());
    await retry(
      async (last) => {
        const r = await lab.netns.run(['ip', 'link', 'show', tap]);
        if (r.exitCode === 0) return true;
        if (last || bridge.exitCode !== null) throw new NetrigError(`the bridge of kernel peer ${opts.name} never made ${tap}`, tail(String((await bridge.catch((e) => e)).all ?? ''), 10));
        return undefined;
      },
      { timeout: 10_000, interval: 50, what: `tap ${tap}` },
    );
    const move = await lab.netns.run(['ip', 'link', 'set', tap, 'netns', String(holder.pid)]);
    if (move.exitCode !== 0) throw new NetrigError(`could not move ${tap} into the namespace of kernel peer ${opts.name}`, move.all);
    await peer.must(['sh', '-c', `ip link set lo up && ip link set ${tap} name eth0 address ${mac} && sysctl -qw net.ipv6.conf.eth0.accept_dad=0 && ip link set eth0 up`]);
    return peer;
  }

  /** argv that runs inside the peer's namespace. */
  wrap(argv: string[]): string[] {
    const userns = this.lab.netns.rootless ? ['-U', '--preserve-credentials'] : [];
    return ['nsenter', '-t', String(this.holder.pid), '-n', ...userns, '--', ...PDEATHSIG, ...argv];
  }

  /** Runs a command in the peer's namespace; never throws on the exit code. */
  run(argv: string[], opts: { timeout?: number } = {}) {
    const full = this.wrap(argv);
    return execa(full[0], full.slice(1), { reject: false, all: true, timeout: opts.timeout ?? 30_000 });
  }

  /** Runs a command and returns its output; throws with the output when it fails. */
  async must(argv: string[], opts: { timeout?: number } = {}): Promise<string> {
    const r = await this.run(argv, opts);
    if (r.exitCode !== 0) throw new NetrigError(`\`${argv.join(' ')}\` in kernel peer ${this.name} failed (${r.exitCode ?? r.signal})`, tail(r.all ?? '', 15));
    return r.stdout;
  }

  /** Takes a DHCPv4 lease with the system's dhclient; returns the leased address. */
  async dhcp(opts: { timeout?: number } = {}): Promise<string> {
    const dir = this.lab.runDir;
    const lease = path.join(dir, `${this.name}.lease`);
    const argv = ['dhclient', '-1', '-v', '-e', `NETRIG_LEASE_FILE=${lease}`, '-sf', path.join(here, 'dhclient-script'),
      '-lf', path.join(dir, `${this.name}.leases`), '-pf', path.join(dir, `${this.name}.dhclient.pid`), 'eth0'];
    await this.must(argv, { timeout: opts.timeout ?? 60_000 });
    return fs.readFileSync(lease, 'utf8').trim();
  }

  /** The system's ping: resolves with the round-trip times in ms of `count` echoes. */
  async ping(addr: string, count = 3): Promise<number[]> {
    const out = await this.must(['ping', '-n', '-c', String(count), '-W', '2', addr], { timeout: count * 3000 + 5000 });
    return [...out.matchAll(/time=([\d.]+) ms/g)].map((m) => Number(m[1]));
  }

  /** One echo sent from Node through this peer's kernel with a raw socket (raw-socket). */
  async rawPing(addr: string): Promise<number> {
    const out = await this.must([process.execPath, path.join(here, 'raw-ping.mjs'), addr, '3000'], { timeout: 10_000 });
    return Number(out.trim());
  }

  async close(): Promise<void> {
    this.bridge.kill('SIGKILL');
    this.holder.kill('SIGKILL');
    await Promise.allSettled([this.bridge, this.holder]);
  }
}
