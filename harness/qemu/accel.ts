// Which accelerator an x86_64 guest gets. /dev/kvm can exist and still hang a guest, so KVM is
// used only after a probe has seen SeaBIOS actually run under it; otherwise TCG. Decided once per
// process and said in the log either way.
import fs from 'node:fs';
import { execa } from 'execa';

export interface Accel {
  accel: 'kvm' | 'tcg';
  why: string;
}

let decided: Promise<Accel> | undefined;

export function chooseAccel(): Promise<Accel> {
  decided ??= probe();
  return decided;
}

async function probe(): Promise<Accel> {
  if (process.env.NETRIG_ACCEL === 'tcg') return { accel: 'tcg', why: 'NETRIG_ACCEL=tcg' };
  if (process.arch !== 'x64') return { accel: 'tcg', why: `host is ${process.arch}` };
  try {
    fs.accessSync('/dev/kvm', fs.constants.R_OK | fs.constants.W_OK);
  } catch (e) {
    return { accel: 'tcg', why: `/dev/kvm not usable (${(e as NodeJS.ErrnoException).code})` };
  }
  // SeaBIOS prints to the debug port within milliseconds when the CPU really runs; it gets as
  // far as its boot-order search only if guest code executes, so that line is the proof.
  const child = execa(
    'qemu-system-x86_64',
    ['-accel', 'kvm', '-M', 'pc', '-m', '16', '-nodefaults', '-display', 'none', '-chardev', 'stdio,id=d', '-device', 'isa-debugcon,iobase=0x402,chardev=d'],
    { reject: false, stdin: 'ignore', all: true, buffer: false },
  );
  let said = '';
  const ran = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 4000);
    child.all?.on('data', (c: Buffer) => {
      said = (said + c.toString()).slice(-2000);
      if (/Searching bootorder/.test(said)) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    void child.then(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  child.kill('SIGKILL');
  await child;
  if (ran) return { accel: 'kvm', why: 'a probe guest ran SeaBIOS under KVM' };
  const last = said.trim().split('\n').slice(-2).join(' ');
  return { accel: 'tcg', why: `/dev/kvm present but a probe guest did not run under it${last ? `: ${last}` : ' (it hung)'}` };
}
