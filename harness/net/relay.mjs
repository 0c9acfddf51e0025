// The frame relay: the one process of a lab that lives inside the lab's network namespace on
// Node's side. It joins each segment's multicast group on the namespace's loopback and passes
// every datagram (one Ethernet frame) to the lab over stdout; frames the lab sends arrive on
// stdin and leave through one unjoined socket per Port, whose source port tells a Port's own
// frames apart when they come back (every sender hears itself on lo).
// Plain JavaScript so it starts in a few tens of milliseconds without a TypeScript loader.
//
// Wire format both ways: u32 length (of what follows), u8 type, payload.
//   lab → relay: 1 SEGMENT u8 seg, u16 port, 4 bytes group | 2 PORT u16 id, u8 seg | 3 SEND u16 id, frame | 4 CLOSE u16 id
//   relay → lab: 101 SEGMENT_OK u8 seg | 102 PORT_OK u16 id, u16 srcport | 110 FRAME u8 seg, u16 srcport, f64 ms, frame | 199 ERROR utf8
import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';

const segments = new Map(); // seg -> { group, port, socket }
const ports = new Map(); // id -> { socket, seg }

function emit(type, payload) {
  const head = Buffer.allocUnsafe(5);
  head.writeUInt32BE(payload.length + 1, 0);
  head.writeUInt8(type, 4);
  process.stdout.write(Buffer.concat([head, payload]));
}
const fail = (text) => emit(199, Buffer.from(text));

function openSegment(seg, port, group) {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  socket.on('error', (e) => fail(`segment ${seg}: ${e.message}`));
  socket.on('message', (msg, rinfo) => {
    const head = Buffer.allocUnsafe(11);
    head.writeUInt8(seg, 0);
    head.writeUInt16BE(rinfo.port, 1);
    head.writeDoubleBE(performance.timeOrigin + performance.now(), 3);
    emit(110, Buffer.concat([head, msg]));
  });
  socket.bind(port, group, () => {
    try {
      socket.addMembership(group, '127.0.0.1');
      // Bursts (a flood test, a guest's boot chatter) should not overflow the default buffer.
      try {
        socket.setRecvBufferSize(4 << 20);
      } catch {
        /* capped by net.core.rmem_max: keep the default */
      }
      socket.setMulticastInterface('127.0.0.1');
      segments.set(seg, { group, port, socket });
      emit(101, Buffer.from([seg]));
    } catch (e) {
      fail(`segment ${seg}: ${e.message}`);
    }
  });
}

function openPort(id, seg) {
  const socket = dgram.createSocket('udp4');
  socket.on('error', (e) => fail(`port ${id}: ${e.message}`));
  socket.bind(0, '127.0.0.1', () => {
    socket.setMulticastInterface('127.0.0.1');
    socket.setMulticastTTL(1);
    ports.set(id, { socket, seg });
    const out = Buffer.allocUnsafe(4);
    out.writeUInt16BE(id, 0);
    out.writeUInt16BE(socket.address().port, 2);
    emit(102, out);
  });
}

function handle(type, body) {
  if (type === 1) openSegment(body[0], body.readUInt16BE(1), `${body[3]}.${body[4]}.${body[5]}.${body[6]}`);
  else if (type === 2) openPort(body.readUInt16BE(0), body[2]);
  else if (type === 3) {
    const p = ports.get(body.readUInt16BE(0));
    const s = p && segments.get(p.seg);
    if (s) p.socket.send(body.subarray(2), s.port, s.group);
  } else if (type === 4) {
    const id = body.readUInt16BE(0);
    const p = ports.get(id);
    ports.delete(id);
    // dgram's send goes out a tick later (it looks the group up first, an IP literal on the next
    // tick): closed at once, a port's last frames would be lost. After the pending ticks they are
    // out; no callback per send (that would queue every send in libuv instead of trying it at once).
    if (p) setImmediate(() => p.socket.close());
  }
}

let pending = Buffer.alloc(0);
process.stdin.on('data', (chunk) => {
  pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
  while (pending.length >= 4) {
    const len = pending.readUInt32BE(0);
    if (pending.length < 4 + len) break;
    handle(pending[4], pending.subarray(5, 4 + len));
    pending = pending.subarray(4 + len);
  }
});
// The lab holds our stdin: when it goes away, so do we (and with us, the namespace).
process.stdin.on('end', () => process.exit(0));
emit(100, Buffer.alloc(0));
