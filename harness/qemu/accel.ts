// Which accelerator an x86_64 guest gets. /dev/kvm can exist and still hang a guest (seen here:
// SeaBIOS runs under it, a Linux kernel then hangs once it leaves real mode), so KVM is used
// only after a probe has seen the guest's own kernel get as far as panicking for want of a root
// file system — a second under KVM. Otherwise TCG. Decided once per machine boot (cached in a
// file, so each test worker does not pay the probe) and said in the log either way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

export interface Accel {
  accel: 'kvm' | 'tcg';
  why: string;
}

let decided: Promise<Accel> | undefined;

/** `kernel`: an x86_64 kernel to probe with (the guest's own). */
export function chooseAccel(kernel: string): Promise<Accel> {
  decided ??= cached(kernel);
  return decided;
}

function cacheFile(): string {
  let boot = 'unknown';
  try {
    boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    /* not Linux? then no cache either way */
  }
  return path.join(os.tmpdir(), `netrig-accel-${boot}.json`);
}

async function cached(kernel: string): Promise<Accel> {
  if (process.env.NETRIG_ACCEL === 'tcg') return { accel: 'tcg', why: 'NETRIG_ACCEL=tcg' };
  const file = cacheFile();
  try {
    const a = JSON.parse(fs.readFileSync(file, 'utf8')) as Accel;
    if (a.accel === 'kvm' || a.accel === 'tcg') return { ...a, why: `${a.why} (probed earlier this boot)` };
  } catch {
    /* no cache yet */
  }
  const a = await probe(kernel);
  fs.writeFileSync(file, JSON.stringify(a));
  return a;
}

async function probe(kernel: string): Promise<Accel> {
  if (process.arch !== 'x64') return { accel: 'tcg', why: `host is ${process.arch}` };
  try {
    fs.accessSync('/dev/kvm', fs.constants.R_OK | fs.constants.W_OK);
  } catch (e) {
    return { accel: 'tcg', why: `/dev/kvm not usable (${(e as NodeJS.ErrnoException).code})` };
  }
  const child = execa(
    'qemu-system-x86_64',
    ['-accel', 'kvm', '-M', 'q35', '-m', '128', '-nodefaults', '-display', 'none', '-no-reboot', '-serial', 'stdio', '-kernel', kernel, '-append', 'console=ttyS0 panic=-1 root=/dev/nowhere'],
    { reject: false, stdin: 'ignore', all: true, buffer: false },
  );
  let said = '';
  const ran = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 5000);
    child.all?.on('data', (c: Buffer) => {
      said = (said + c.toString()).slice(-4000);
      if (/Kernel panic|VFS: Unable to mount root|Run \/init/.test(said)) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    void child.then(() => {
      clearTimeout(timer);
      resolve(/Kernel panic|VFS: Unable to mount root/.test(said));
    });
  });
  child.kill('SIGKILL');
  await child;
  if (ran) return { accel: 'kvm', why: 'a probe kernel booted under KVM' };
  const last = said.trim().split('\n').slice(-1)[0]?.slice(0, 120);
  return { accel: 'tcg', why: `/dev/kvm present but a probe kernel did not boot under it within 5 s${last ? ` (last: ${last})` : ''}` };
}
