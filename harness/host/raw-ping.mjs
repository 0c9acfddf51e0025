// One ICMP echo through the kernel stack of the namespace this process runs in, using raw-socket
// (an IP-layer raw socket): prints the round trip in milliseconds, or exits 1 after the timeout.
// Usage: node raw-ping.mjs <ipv4> [timeout-ms]
import raw from 'raw-socket';

const [target, timeout = '3000'] = process.argv.slice(2);
const socket = raw.createSocket({ protocol: raw.Protocol.ICMP });
const id = process.pid & 0xffff;
const echo = Buffer.from([8, 0, 0, 0, id >> 8, id & 0xff, 0, 1, ...Buffer.from('netrig raw ping')]);
raw.writeChecksum(echo, 2, raw.createChecksum(echo));
const t0 = process.hrtime.bigint();
const timer = setTimeout(() => {
  process.stderr.write(`no echo reply from ${target} in ${timeout} ms\n`);
  process.exit(1);
}, Number(timeout));
socket.on('message', (buf, source) => {
  const ihl = (buf[0] & 0x0f) * 4;
  if (source === target && buf[ihl] === 0 && buf.readUInt16BE(ihl + 4) === id) {
    clearTimeout(timer);
    process.stdout.write(`${Number(process.hrtime.bigint() - t0) / 1e6}\n`);
    process.exit(0);
  }
});
socket.send(echo, 0, echo.length, target, (err) => {
  if (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
});
