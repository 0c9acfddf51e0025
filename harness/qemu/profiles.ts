// Machine profiles: the QEMU recipe for each kind of board netrig boots. The guest's argv is
// built from a profile in one place (guest.ts), never ad hoc.

export type Arch = 'mips' | 'mipsel' | 'armhf' | 'arm64' | 'x86_64';
export type ProfileName = 'mips-malta' | 'mipsel-malta' | 'armv7-virt' | 'aarch64-virt' | 'x86_64';

export interface Profile {
  name: ProfileName;
  arch: Arch;
  /** The emulator binary. */
  qemu: string;
  /** Machine and CPU options. */
  machine: string[];
  /** Memory in MiB unless the guest asks for more. */
  memory: number;
  /** The guest's serial console device, for `console=`. */
  console: string;
  /** NIC device model; `netdev` and `mac` are appended. */
  nic: string;
  /** Whether KVM can serve this profile on this host (x86_64 on x86_64). */
  kvmCapable: boolean;
}

const hostIsX86 = process.arch === 'x64';

export const PROFILES: Record<ProfileName, Profile> = {
  'mips-malta': {
    name: 'mips-malta',
    arch: 'mips',
    qemu: 'qemu-system-mips',
    machine: ['-M', 'malta'],
    memory: 256,
    console: 'ttyS0',
    nic: 'virtio-net-pci',
    kvmCapable: false,
  },
  'mipsel-malta': {
    name: 'mipsel-malta',
    arch: 'mipsel',
    qemu: 'qemu-system-mipsel',
    machine: ['-M', 'malta'],
    memory: 256,
    console: 'ttyS0',
    nic: 'virtio-net-pci',
    kvmCapable: false,
  },
  'armv7-virt': {
    name: 'armv7-virt',
    arch: 'armhf',
    qemu: 'qemu-system-arm',
    machine: ['-M', 'virt,highmem=off', '-cpu', 'cortex-a15'],
    memory: 256,
    console: 'ttyAMA0',
    nic: 'virtio-net-pci',
    kvmCapable: false,
  },
  'aarch64-virt': {
    name: 'aarch64-virt',
    arch: 'arm64',
    qemu: 'qemu-system-aarch64',
    machine: ['-M', 'virt', '-cpu', 'cortex-a57'],
    memory: 256,
    console: 'ttyAMA0',
    nic: 'virtio-net-pci',
    kvmCapable: false,
  },
  x86_64: {
    name: 'x86_64',
    arch: 'x86_64',
    qemu: 'qemu-system-x86_64',
    machine: ['-M', 'q35'],
    memory: 384,
    console: 'ttyS0',
    nic: 'virtio-net-pci',
    kvmCapable: hostIsX86,
  },
};

/** The profile that runs kernels of `arch` when the user names none. */
export function profileFor(arch: Arch): Profile {
  const p = Object.values(PROFILES).find((x) => x.arch === arch);
  if (!p) throw new Error(`no machine profile runs ${arch} kernels`);
  return p;
}

export function profileNamed(name: string): Profile {
  const p = PROFILES[name as ProfileName];
  if (!p) throw new Error(`unknown machine profile "${name}"; known: ${Object.keys(PROFILES).join(', ')}`);
  return p;
}
