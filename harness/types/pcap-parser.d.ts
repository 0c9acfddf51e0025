// pcap-parser ships no types; this is the part netrig's tests use.
declare module 'pcap-parser' {
  import type { EventEmitter } from 'node:events';
  import type { Readable } from 'node:stream';
  interface Packet {
    header: { timestampSeconds: number; timestampMicroseconds: number; capturedLength: number; originalLength: number };
    data: Buffer;
  }
  export function parse(input: string | Readable): EventEmitter & {
    on(event: 'packet', fn: (p: Packet) => void): EventEmitter;
    on(event: 'end', fn: () => void): EventEmitter;
    on(event: 'error', fn: (e: Error) => void): EventEmitter;
    on(event: 'globalHeader', fn: (h: unknown) => void): EventEmitter;
  };
  const pcap: { parse: typeof parse };
  export default pcap;
}
