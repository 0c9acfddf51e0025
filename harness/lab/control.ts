// The control socket of a running lab (`netrig up`): other terminals attach to a node's console,
// run a command on it, or watch a segment, through one unix socket per lab. A request is one JSON
// line; `exec` and `info` answer one JSON line, `console`, `capture` and `replay` turn the
// connection into a stream (console: raw bytes both ways; capture: u32 length, f64 time, frame;
// replay: u32 length, frame, each put on the segment as it comes, then a JSON line of the count
// once the client has ended its side).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { alive } from '../util/proc.ts';
import { NetrigError } from '../util/wait.ts';
import type { RunningTopology } from './topology.ts';

/** The largest frame a segment carries: one UDP datagram over IPv4 (65,535 − 8 − 20 bytes). */
export const MAX_DATAGRAM = 65_507;

export type ControlRequest =
  | { op: 'info' }
  | { op: 'exec'; node: string; command: string; timeout?: number }
  | { op: 'console'; node: string }
  | { op: 'capture'; segment: string }
  | { op: 'replay'; segment: string };

export interface LabInfo {
  name: string;
  topology: string;
  pid: number;
  socket: string;
  artifacts: string;
  nodes: Record<string, { image: string; profile: string; accel: string; nics: Record<string, { segment: string; mac: string }> }>;
  segments: string[];
}

/** Where running labs announce themselves. */
export function labsDir(): string {
  return path.join(os.tmpdir(), 'netrig-labs');
}

export async function serveControl(running: RunningTopology): Promise<{ info: LabInfo; close: () => Promise<void> }> {
  fs.mkdirSync(labsDir(), { recursive: true });
  const socket = path.join(labsDir(), `${running.topology.name}.sock`);
  const infoFile = path.join(labsDir(), `${running.topology.name}.json`);
  if (fs.existsSync(infoFile)) {
    const other = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as LabInfo;
    if (alive(other.pid)) throw new NetrigError(`a lab of topology ${running.topology.name} is already up (pid ${other.pid}); stop it first`);
  }
  fs.rmSync(socket, { force: true });
  const info: LabInfo = {
    name: running.lab.name,
    topology: running.topology.name,
    pid: process.pid,
    socket,
    artifacts: running.lab.artifacts,
    segments: Object.keys(running.segments),
    nodes: Object.fromEntries(
      Object.entries(running.guests).map(([n, g]) => [
        n,
        {
          image: g.image.name,
          profile: g.profile.name,
          accel: g.accel,
          nics: Object.fromEntries(g.nics.map((nic) => [nic.name, { segment: nic.segment.name, mac: nic.mac }])),
        },
      ]),
    ),
  };
  const server = net.createServer((conn) => handle(conn, running, info));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socket, resolve));
  fs.writeFileSync(infoFile, JSON.stringify(info, null, 2));
  const forget = () => {
    fs.rmSync(infoFile, { force: true });
    fs.rmSync(socket, { force: true });
  };
  const close = async () => {
    await new Promise<void>((r) => server.close(() => r()));
    forget();
  };
  running.lab.defer(close);
  running.lab.defer(forget, { sync: true });
  return { info, close };
}

function handle(conn: net.Socket, running: RunningTopology, info: LabInfo): void {
  let buf = '';
  const onData = (c: Buffer) => {
    buf += c.toString('latin1');
    const nl = buf.indexOf('\n');
    if (nl < 0) return;
    conn.off('data', onData);
    const rest = Buffer.from(buf.slice(nl + 1), 'latin1');
    let req: ControlRequest;
    try {
      req = JSON.parse(buf.slice(0, nl)) as ControlRequest;
    } catch {
      return void conn.end(JSON.stringify({ error: 'malformed request' }) + '\n');
    }
    void serve(req, conn, running, info, rest).catch((e: Error) => conn.end(JSON.stringify({ error: e.message }) + '\n'));
  };
  conn.on('data', onData);
  conn.on('error', () => {});
}

async function serve(req: ControlRequest, conn: net.Socket, running: RunningTopology, info: LabInfo, rest: Buffer): Promise<void> {
  const guest = (name: string) => {
    const g = running.guests[name];
    if (!g) throw new Error(`no node "${name}" in this lab; nodes: ${Object.keys(running.guests).join(', ')}`);
    return g;
  };
  const segment = (name: string) => {
    const seg = running.segments[name as keyof typeof running.segments];
    if (!seg) throw new Error(`no segment "${name}"; segments: ${Object.keys(running.segments).join(', ')}`);
    return seg;
  };
  switch (req.op) {
    case 'info':
      return void conn.end(JSON.stringify(info) + '\n');
    case 'exec': {
      const r = await guest(req.node).exec(req.command, { timeout: req.timeout ?? 60_000 });
      return void conn.end(JSON.stringify(r) + '\n');
    }
    case 'console': {
      const g = guest(req.node);
      conn.write(JSON.stringify({ ok: true }) + '\n');
      const off = g.console.view((chunk) => conn.write(chunk));
      if (rest.length) g.console.write(rest.toString('latin1'));
      conn.on('data', (c: Buffer) => g.console.write(c.toString('latin1')));
      conn.on('close', off);
      return;
    }
    case 'capture': {
      const seg = segment(req.segment);
      conn.write(JSON.stringify({ ok: true }) + '\n');
      const off = seg.onFrame((f) => {
        const head = Buffer.alloc(12);
        head.writeUInt32BE(f.data.length, 0);
        head.writeDoubleBE(f.time, 4);
        conn.write(Buffer.concat([head, f.data]));
      });
      conn.on('close', off);
      return;
    }
    case 'replay': {
      // Frames from the client go out through a port of their own (`replay`). Empty ones are not
      // sent (see Port.send); the client skips them, and those over one UDP datagram.
      const port = await segment(req.segment).attach('replay');
      if (conn.destroyed) return port.close();
      conn.on('close', () => port.close());
      conn.write(JSON.stringify({ ok: true }) + '\n');
      let buf: Buffer = rest;
      let sent = 0;
      let broken = false;
      const eat = () => {
        while (!broken && buf.length >= 4) {
          const len = buf.readUInt32BE(0);
          // Checked as soon as the length is there, not once the frame is: a damaged length
          // would otherwise have the lab buffer up to 4 GiB.
          if (len > MAX_DATAGRAM) {
            broken = true;
            port.close();
            buf = Buffer.alloc(0);
            return void conn.end(JSON.stringify({ error: `a frame of ${len} bytes: the replay stream is damaged` }) + '\n');
          }
          if (buf.length < 4 + len) return;
          if (len > 0) {
            port.send(buf.subarray(4, 4 + len));
            sent++;
          }
          buf = buf.subarray(4 + len);
        }
      };
      eat();
      conn.on('data', (c: Buffer) => {
        buf = buf.length ? Buffer.concat([buf, c]) : c;
        eat();
      });
      conn.on('end', () => {
        port.close();
        if (!broken) conn.end(JSON.stringify({ sent, leftover: buf.length }) + '\n');
      });
      return;
    }
    default:
      throw new Error(`unknown request ${JSON.stringify((req as { op: unknown }).op)}`);
  }
}

/** The running labs on this machine (stale announcements of dead labs are removed). */
export function runningLabs(): LabInfo[] {
  const dir = labsDir();
  if (!fs.existsSync(dir)) return [];
  const labs: LabInfo[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    try {
      const info = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as LabInfo;
      if (alive(info.pid)) labs.push(info);
      else {
        fs.rmSync(path.join(dir, f), { force: true });
        fs.rmSync(info.socket, { force: true });
      }
    } catch {
      /* half-written: skip */
    }
  }
  return labs;
}

/** Picks the lab a command means: the one named, or the only one running. */
export function findLab(name?: string): LabInfo {
  const labs = runningLabs();
  if (!labs.length) throw new NetrigError('no lab is up; start one with: netrig up <topology>');
  if (name) {
    const lab = labs.find((l) => l.topology === name || l.name === name);
    if (!lab) throw new NetrigError(`no running lab "${name}"; running: ${labs.map((l) => l.topology).join(', ')}`);
    return lab;
  }
  if (labs.length > 1) throw new NetrigError(`several labs are up (${labs.map((l) => l.topology).join(', ')}): say which with --lab`);
  return labs[0];
}

/** Opens a control connection and sends one request; resolves with the socket and the first line. */
export function request(info: LabInfo, req: ControlRequest): Promise<{ conn: net.Socket; reply: Record<string, unknown>; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(info.socket);
    let buf = Buffer.alloc(0);
    conn.once('error', (e) => reject(new NetrigError(`cannot reach lab ${info.topology} at ${info.socket}: ${e.message}`)));
    const onData = (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      const nl = buf.indexOf(10);
      if (nl < 0) return;
      conn.off('data', onData);
      const reply = JSON.parse(buf.subarray(0, nl).toString()) as Record<string, unknown>;
      if (typeof reply.error === 'string') {
        conn.destroy();
        return reject(new NetrigError(reply.error));
      }
      resolve({ conn, reply, rest: buf.subarray(nl + 1) });
    };
    conn.on('data', onData);
    conn.write(JSON.stringify(req) + '\n');
  });
}

