// How fast the codecs are: frames per second through encodeFrame then decodeFrame, on one core,
// over a mix of what a router test carries most — DHCPv4 (client and server), RAs with the
// usual options, TCP SYNs over IPv4 and IPv6. `npm run bench` reports it; the goal is ≥ 1 Mpps.

import { dhcp4Ack, dhcp4Discover, routerAdvertisement, tcpSyn } from './build.ts';
import { decodeFrame, encodeFrame, type FrameInit } from './frame.ts';

const HOST = '52:54:00:12:34:56';
const ROUTER = '52:54:00:aa:bb:cc';

/** How long the codecs run before the measurement (at most as long as the measurement). */
const WARM_UP_MS = 1000;

export const BENCH_MIX: FrameInit[] = [
  dhcp4Discover({ mac: HOST, hostname: 'client' }),
  dhcp4Ack({ mac: ROUTER, serverIp: '192.168.1.1', clientMac: HOST, xid: 0x1234, yiaddr: '192.168.1.50', subnetMask: '255.255.255.0', router: ['192.168.1.1'], dns: ['192.168.1.1'] }),
  routerAdvertisement({ mac: ROUTER, prefixes: ['3fff:0:0:1::/64'], rdnss: ['3fff:0:0:1::1'], mtu: 1492, routes: ['3fff:0:0:100::/56'] }),
  tcpSyn({ mac: HOST, dstMac: ROUTER, src: '192.168.1.50', dst: '192.168.1.1', dstPort: 80 }),
  tcpSyn({ mac: HOST, dstMac: ROUTER, src: '3fff:0:0:1::50', dst: '3fff:0:0:1::1', dstPort: 443 }),
];

/**
 * Encodes and decodes the mix round and round for `ms` milliseconds, after a warm-up; `mpps` is
 * millions of frames per second of wall time, each frame one encode plus one full decode, nothing
 * carried from one round to the next. `cpuMpps` is the same per second of this process's CPU
 * time: on a machine shared with busy neighbours (QEMU guests) the wall-clock figure also measures
 * how often the scheduler let the bench run, this one not.
 *
 * The warm-up runs for a time, not only a count: on this busy 2-core machine V8 took some 300 ms
 * to have every codec optimized, while the 2,000 rounds (10,000 frames) that used to be all the
 * warm-up were over in about 100 ms, so the start of the measurement timed the compiler.
 */
export function benchCodecs(ms: number): { mpps: number; cpuMpps: number } {
  const round = () => {
    for (const f of BENCH_MIX) if (decodeFrame(encodeFrame(f)).error) throw new Error('bench: a frame of the mix does not decode');
  };
  const warm = performance.now() + Math.min(WARM_UP_MS, ms);
  for (let i = 0; i < 2000 || performance.now() < warm; i++) round();
  let frames = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) round();
    frames += 100 * BENCH_MIX.length;
    now = performance.now();
  }
  const used = process.cpuUsage(cpu);
  return { mpps: frames / ((now - start) / 1000) / 1e6, cpuMpps: frames / ((used.user + used.system) / 1e6) / 1e6 };
}
