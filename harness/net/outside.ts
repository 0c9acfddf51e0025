// A listener in the machine's own network namespace on a segment's group and port: what the
// isolation tests use to show that nothing of a lab leaks out.
import dgram from 'node:dgram';
import type { SegmentSpec } from './segment.ts';

export async function listenOutside(spec: SegmentSpec): Promise<{ heard: Buffer[]; close: () => void }> {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  const heard: Buffer[] = [];
  socket.on('message', (m) => heard.push(m));
  await new Promise<void>((r) => socket.bind(spec.port, r));
  try {
    socket.addMembership(spec.group);
  } catch {
    /* no multicast route in the machine's namespace: then it surely hears nothing, which is the point */
  }
  return { heard, close: () => socket.close() };
}
