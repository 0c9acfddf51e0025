// A Guest is one QEMU system emulator running an image inside the lab's namespace: its argv is
// built here and nowhere else, its serial console and QMP come back to us over unix sockets we
// listen on (so not a byte of early boot output is lost), and it dies with the process that
// spawned it (parent-death signal), whatever kills that process.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { Console, type ExecResult } from '../console/console.ts';
import type { Netns } from '../net/netns.ts';
import type { Segment } from '../net/segment.ts';
import { deadline, NetrigError, retry, tail, type WaitOptions } from '../util/wait.ts';
import { chooseAccel } from './accel.ts';
import { checkArch, type Image } from './image.ts';
import { profileFor, type Profile } from './profiles.ts';
import { Qmp } from './qmp.ts';

export interface NicSpec {
  /** The name the guest gives the interface (`wan`, `lan`…): fixtures rename NICs by MAC. */
  name: string;
  segment: Segment;
  mac: string;
}

export interface GuestSpec {
  name: string;
  image: Image;
  /** Defaults to the profile that runs the image's architecture. */
  profile?: Profile;
  memory?: number;
  nics: NicSpec[];
  /** Extra kernel command line words (e.g. the router's WAN/LAN profile). */
  cmdline?: string[];
  /** Resume from a state saved by `snapshot()` instead of booting (same spec, same image). */
  incoming?: string;
  /**
   * With `incoming`: leave the guest paused once its state is loaded, until `cont()` (guests of a
   * topology are loaded side by side, then let run in an order of the caller's choosing).
   */
  paused?: boolean;
}

export interface GuestEnv {
  netns: Netns;
  /** Where sockets and scratch files go (short path: unix socket paths are limited). */
  runDir: string;
  /** Where the console transcript goes. */
  artifacts: string;
  log: (line: string) => void;
  /** Told when the guest starts, is ready (booted or resumed) and exits: the lab's timeline. */
  onEvent?: (kind: 'boot' | 'ready' | 'exit', text: string) => void;
}

export class Guest {
  readonly console: Console;
  private qmpClient?: Qmp;
  private readonly died = new AbortController();
  private stderr = '';
  private startedAt = 0;
  /** Seconds from spawn to ready, once ready. */
  bootSeconds?: number;

  private constructor(
    readonly name: string,
    readonly profile: Profile,
    readonly image: Image,
    readonly argv: string[],
    readonly nics: NicSpec[],
    private readonly env: GuestEnv,
    private readonly servers: net.Server[],
    readonly accel: string,
  ) {
    this.console = new Console(name, { transcript: path.join(env.artifacts, `${name}.console.log`), signal: this.died.signal });
  }
  private proc?: ResultPromise;
  /** What the guest was started from (a restore starts a new QEMU from the same spec). */
  spec!: GuestSpec;

  /** Starts QEMU (without waiting for the guest to boot; see `waitReady`). */
  static async start(spec: GuestSpec, env: GuestEnv): Promise<Guest> {
    const profile = spec.profile ?? profileFor(spec.image.arch);
    checkArch(spec.image, profile);
    const sock = (what: string) => path.join(env.runDir, `${spec.name}.${what}`);
    const accel = profile.kvmCapable ? await chooseAccel(spec.image.kernel) : { accel: 'tcg' as const, why: `${profile.name} is emulated` };
    const argv = buildArgv(spec, profile, { console: sock('con'), qmp: sock('qmp'), accel: accel.accel, runDir: env.runDir });
    env.log(`${spec.name}: ${spec.image.name} on ${profile.name}, ${accel.accel.toUpperCase()} (${accel.why})`);
    env.onEvent?.('boot', `${spec.image.name} on ${profile.name}, ${accel.accel.toUpperCase()} (${accel.why})`);

    const conServer = await listen(sock('con'));
    const qmpServer = await listen(sock('qmp'));
    const guest = new Guest(spec.name, profile, spec.image, argv, spec.nics, env, [conServer.server, qmpServer.server], accel.accel);
    fs.writeFileSync(path.join(env.artifacts, `${spec.name}.argv`), argv.map(shellQuote).join(' ') + '\n');
    guest.spec = spec;
    guest.startedAt = Date.now();
    const full = env.netns.wrap(argv);
    const proc = execa(full[0], full.slice(1), { reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'pipe', buffer: false, cleanup: true });
    guest.proc = proc;
    proc.stderr?.on('data', (c: Buffer) => (guest.stderr = (guest.stderr + c.toString()).slice(-8000)));
    void proc.then((r) => {
      const how = r.signal ? `signal ${r.signal}` : `code ${r.exitCode}`;
      env.onEvent?.('exit', `QEMU exited (${how})`);
      guest.died.abort(new NetrigError(`QEMU exited (${how})${guest.stderr.trim() ? `: ${tail(guest.stderr, 5)}` : ''}`));
    });
    const connected = Promise.all([conServer.connection, qmpServer.connection]);
    const [con, qmp] = await deadline(connected, {
      timeout: 15_000,
      what: `QEMU of ${spec.name} to connect its console`,
      signal: guest.died.signal,
      evidence: () => guest.evidence(),
    });
    guest.console.attach(con);
    guest.qmpClient = new Qmp(spec.name, qmp);
    await guest.qmpClient.negotiate();
    if (spec.incoming) await guest.resume(spec.incoming);
    return guest;
  }

  /**
   * Saves the running guest's whole state (RAM, devices, CPU) to `file` and leaves it paused.
   * With `resume()` in a new QEMU of the same spec, the guest goes on as if nothing happened.
   */
  async snapshot(file: string): Promise<{ seconds: number; bytes: number }> {
    const t0 = performance.now();
    await this.qmp.execute('migrate', { uri: `exec:cat > ${shellQuote(file)}` });
    await this.migrationDone('saving');
    return { seconds: (performance.now() - t0) / 1000, bytes: fs.statSync(file).size };
  }

  /**
   * Loads the state saved in `file` (QEMU runs with -S: it stays paused once loaded) and, unless
   * the spec says `paused`, lets the guest run.
   */
  private async resume(file: string): Promise<void> {
    // QEMU would wait in 'inmigrate' for a stream that never comes.
    if (!fs.existsSync(file)) throw new NetrigError(`${this.name}: no saved state at ${file} (its snapshot was removed)`);
    const t0 = performance.now();
    // No self-announce once loaded: QEMU would put RARP frames from every NIC on the segments (a
    // switch's tables do not matter here, the MACs never move) — into the case's captures, and
    // onto the NICs of guests still loading (see restoreTopology).
    await this.qmp.execute('migrate-set-parameters', { 'announce-rounds': 0 });
    await this.qmp.execute('migrate-incoming', { uri: `exec:cat ${shellQuote(file)}` });
    await retry(
      async () => {
        const st = await this.qmp.execute<{ status: string }>('query-status');
        if (st.status === 'paused' || st.status === 'postmigrate') return true;
        if (st.status === 'inmigrate') return undefined;
        throw new NetrigError(`${this.name} did not resume from ${file}: status ${st.status}`, this.evidence());
      },
      { timeout: 60_000, interval: 10, what: `${this.name} to load its state from ${file}`, evidence: () => this.evidence(), signal: this.died.signal },
    );
    this.bootSeconds = (performance.now() - t0) / 1000;
    if (!this.spec.paused) await this.cont();
  }

  /** Lets a guest resumed with `paused` run (a no-op for one that runs). */
  async cont(): Promise<void> {
    const st = await this.qmp.execute<{ status: string }>('query-status');
    if (st.status === 'running') return;
    await this.qmp.execute('cont');
    const loaded = this.bootSeconds ?? 0;
    this.env.log(`${this.name}: resumed from snapshot (state loaded in ${loaded.toFixed(2)} s)`);
    this.env.onEvent?.('ready', `resumed from snapshot in ${loaded.toFixed(2)} s`);
  }

  private async migrationDone(what: string): Promise<void> {
    await retry(
      async () => {
        const m = await this.qmp.execute<{ status?: string; 'error-desc'?: string }>('query-migrate');
        if (m.status === 'completed') return true;
        if (m.status === 'failed' || m.status === 'cancelled') throw new NetrigError(`${what} ${this.name} failed: ${m['error-desc'] ?? m.status}`, this.evidence());
        return undefined;
      },
      { timeout: 120_000, interval: 20, what: `${what} ${this.name}`, signal: this.died.signal },
    );
  }

  get qmp(): Qmp {
    if (!this.qmpClient) throw new NetrigError(`QMP of ${this.name} is not connected`);
    return this.qmpClient;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Set once QEMU has exited; carries why. */
  get exited(): AbortSignal {
    return this.died.signal;
  }

  /**
   * Waits until the image says it is ready (fixtures print NETRIG-READY). A guest that never
   * gets there fails with its console's last lines and the QEMU command line.
   */
  async waitReady(opts: WaitOptions = {}): Promise<void> {
    // An image may say it failed (fixtures print NETRIG-FAILED <why>): stop waiting at once then.
    const stop = new AbortController();
    const failed = this.console
      .waitFor(/NETRIG-FAILED[^\r\n]*/, { timeout: 120_000, signal: stop.signal })
      .then((m) => Promise.reject(new NetrigError(`${this.name} failed to come up: ${m[0]}`, this.evidence())));
    failed.catch(() => {});
    try {
      await Promise.race([this.console.waitFor(this.image.ready, { timeout: 120_000, what: `${this.name} to boot (${this.image.ready})`, ...opts, evidence: () => this.evidence() }), failed]);
    } catch (e) {
      const err = e as NetrigError;
      if (err.evidence?.includes('QEMU command line')) throw err;
      throw new NetrigError(err.message.split('\n')[0], this.evidence());
    } finally {
      stop.abort();
    }
    this.bootSeconds = (Date.now() - this.startedAt) / 1000;
    this.env.log(`${this.name}: ready in ${this.bootSeconds.toFixed(1)} s`);
    this.env.onEvent?.('ready', `ready in ${this.bootSeconds.toFixed(1)} s`);
  }

  /** What a failure should show: console tail, QEMU's complaints, the argv. */
  evidence(): string {
    const parts = [`${this.name} console, last lines:\n${this.console.tail(25) || '(nothing printed)'}`];
    if (this.stderr.trim()) parts.push(`QEMU stderr:\n${tail(this.stderr, 10)}`);
    parts.push(`QEMU command line:\n${this.argv.map(shellQuote).join(' ')}`);
    return parts.join('\n');
  }

  exec(command: string, opts?: WaitOptions): Promise<ExecResult> {
    return this.console.exec(command, opts);
  }

  succeed(command: string, opts?: WaitOptions): Promise<string> {
    return this.console.succeed(command, opts);
  }

  /** Stops QEMU (quit via QMP, then SIGKILL) and releases its sockets. */
  async stop(): Promise<void> {
    if (this.proc && !this.died.signal.aborted) {
      await this.qmpClient?.execute('quit', undefined, 2000).catch(() => {});
      const timer = setTimeout(() => this.proc?.kill('SIGKILL'), 2000);
      await this.proc;
      clearTimeout(timer);
    }
    this.release();
  }

  /** For process-exit paths: nothing asynchronous runs any more. */
  killSync(): void {
    try {
      this.proc?.kill('SIGKILL');
    } catch {
      /* gone */
    }
    this.release();
  }

  private release(): void {
    this.console.close();
    this.qmpClient?.close();
    for (const s of this.servers) s.close();
  }
}

function buildArgv(spec: GuestSpec, profile: Profile, at: { console: string; qmp: string; accel: 'kvm' | 'tcg'; runDir: string }): string[] {
  const img = spec.image;
  const words = [...img.cmdline];
  if (!words.some((w) => w.startsWith('console='))) words.push(`console=${profile.console}`);
  if (!words.some((w) => w.startsWith('panic='))) words.push('panic=1');
  // Under TCG on a loaded machine, x86 kernels' check that the 8254 timer reaches the IO-APIC can
  // fail and panic ("IO-APIC + timer doesn't work!"); the check proves nothing about an emulator.
  if (profile.arch === 'x86_64' && at.accel === 'tcg' && !words.includes('no_timer_check')) words.push('no_timer_check');
  for (const nic of spec.nics) words.push(`netrig.nic=${nic.name},${nic.mac}`);
  words.push(...(spec.cmdline ?? []));
  let memory = spec.memory ?? profile.memory;
  const argv = [profile.qemu, ...profile.machine];
  if (profile.kvmCapable) argv.push('-accel', at.accel, ...(at.accel === 'kvm' ? ['-cpu', 'host'] : []));
  const extra: string[] = [];
  if (img.rootfs && img.phramAddress) {
    // As run-liminix-vm does: the rootfs, padded to the 16 MiB phram window, loaded into RAM past
    // the 256 MiB the kernel is told it has.
    const padded = path.join(at.runDir, `${spec.name}.rootfs`);
    fs.copyFileSync(img.rootfs, padded);
    fs.truncateSync(padded, Math.max(16 << 20, fs.statSync(img.rootfs).size));
    extra.push('-device', `loader,file=${padded},addr=${img.phramAddress}`);
    memory = Math.max(memory, 272);
  }
  argv.push('-m', String(memory), '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot');
  argv.push('-chardev', `socket,id=con,path=${at.console}`, '-serial', 'chardev:con');
  argv.push('-chardev', `socket,id=qmp,path=${at.qmp}`, '-mon', 'chardev=qmp,mode=control');
  // -S: a resumed guest stays paused once its state is loaded, until `cont` (see resume()).
  if (spec.incoming) argv.push('-incoming', 'defer', '-S');
  argv.push('-kernel', img.kernel);
  if (img.initrd) argv.push('-initrd', img.initrd);
  if (img.disk) argv.push('-drive', `file=${img.disk},if=virtio,snapshot=on,format=${img.disk.endsWith('.qcow2') ? 'qcow2' : 'raw'}`);
  argv.push(...extra, '-append', words.join(' '));
  argv.push(...nicArgs(profile, spec.nics.map((nic, i) => ({ name: nic.name, mac: nic.mac, netdev: nic.segment.netdev(`n${i}`) }))));
  return argv;
}

/** The -netdev/-device pairs of a guest's NICs, in order (netdev ids n0, n1…). */
export function nicArgs(profile: Profile, nics: Array<{ name: string; mac: string; netdev: string }>): string[] {
  // More NICs than planned slots: all left to QEMU, which places them in order (a NIC placed by
  // QEMU could land in a slot before a planned one and change the order the guest sees).
  const slots = profile.nicSlots && nics.length <= profile.nicSlots.length ? profile.nicSlots : [];
  return nics.flatMap((nic, i) => {
    // romfile= : guests boot with -kernel, so the NIC's PXE option ROM is neither needed nor installed.
    const rom = profile.nic.endsWith('-pci') ? ',romfile=' : '';
    // addr=: the PCI slot, where the profile places NICs (malta: an interrupt line each).
    const slot = slots[i];
    const addr = slot === undefined ? '' : `,addr=0x${slot.toString(16)}`;
    // id=nic-<name>: the QOM id QMP set_link takes to pull this cable (peers/border).
    return ['-netdev', nic.netdev, '-device', `${profile.nic},netdev=n${i},id=nic-${nic.name},mac=${nic.mac}${rom}${addr}`];
  });
}

function listen(file: string): Promise<{ server: net.Server; connection: Promise<net.Socket> }> {
  fs.rmSync(file, { force: true });
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    const connection = new Promise<net.Socket>((r) => server.once('connection', r));
    server.once('error', reject);
    server.listen(file, () => resolve({ server, connection }));
  });
}

export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
