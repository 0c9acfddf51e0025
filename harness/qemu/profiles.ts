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
  /**
   * PCI slots for the NICs, in NIC order (`addr=` of each -device; with more NICs than slots,
   * QEMU places them all). On malta every PCI interrupt goes through the PIIX4's 8259, edge-triggered
   * (its ELCR reads 00 00), and QEMU maps slots 18 and 19 to IRQ 10, 20 and 21 to IRQ 11: left to
   * QEMU, two NICs sit in 18 and 19 and share IRQ 10, and a NIC asserting while the other's
   * interrupt is handled keeps the shared line high with no new edge — both NICs deaf for good.
   * Reproduced here: both NICs flooded for 15 s, deaf after 2 rounds of 4. Slots 18 and 20 give
   * each of two NICs a line of its own (and keep their PCI order).
   */
  nicSlots?: number[];
}

/** Malta: one 8259 line per NIC for the first two (see Profile.nicSlots). */
const MALTA_NIC_SLOTS = [0x12, 0x14, 0x15];

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
    nicSlots: MALTA_NIC_SLOTS,
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
    nicSlots: MALTA_NIC_SLOTS,
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
