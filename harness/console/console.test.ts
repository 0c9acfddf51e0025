// The console against a scripted shell: a PassThrough plays the guest, echoing what is typed the
// way a serial tty does, then printing the command's output.
import { PassThrough, Duplex } from 'node:stream';
import { expect, test } from 'vitest';
import { Console } from './console.ts';

/** A fake serial line whose "shell" answers each typed block with `answer(cmd)`. */
function fakeShell(answer: (cmd: string) => { out: string; code: number }, echo = true): Duplex {
  const toGuest = new PassThrough();
  const fromGuest = new PassThrough();
  let typed = '';
  toGuest.on('data', (c: Buffer) => {
    typed += c.toString();
    if (echo) fromGuest.write(c.toString().replace(/\n/g, '\r\n'));
    const m = /echo "@@""B(\d+)"; \( ([\s\S]*?)\n\) <\/dev\/null 2>&1; echo "@@""E\d+ \$\?"\n/.exec(typed);
    if (m) {
      typed = typed.slice(m.index + m[0].length);
      const { out, code } = answer(m[2]);
      fromGuest.write(`@@B${m[1]}\r\n${out.replace(/\n/g, '\r\n')}@@E${m[1]} ${code}\r\n# `);
    }
  });
  return Duplex.from({ writable: toGuest, readable: fromGuest });
}

test('exec returns exit code and output, not confused by the echo', async () => {
  const c = new Console('router');
  c.attach(fakeShell((cmd) => (cmd === 'false' ? { out: '', code: 1 } : { out: 'mips\n', code: 0 })));
  await expect(c.exec('uname -m')).resolves.toEqual({ code: 0, output: 'mips' });
  await expect(c.exec('false')).resolves.toEqual({ code: 1, output: '' });
  await expect(c.succeed('false')).rejects.toThrow(/`false` on router exited with 1/);
});

test('commands run one at a time, in order', async () => {
  const c = new Console('router');
  c.attach(fakeShell((cmd) => ({ out: `${cmd}\n`, code: 0 }), false));
  const results = await Promise.all(['echo 1', 'echo 2', 'echo 3'].map((x) => c.exec(x)));
  expect(results.map((r) => r.output)).toEqual(['echo 1', 'echo 2', 'echo 3']);
});

test('waitFor moves past each match and a timeout shows the console tail', async () => {
  const c = new Console('router');
  c.feed(Buffer.from('booting\r\nNETRIG-READY\r\n'));
  await c.waitFor(/NETRIG-READY/);
  const err = await c.waitFor(/NETRIG-READY/, { timeout: 30 }).then(() => new Error('matched twice'), (e: Error) => e);
  expect(err.message).toMatch(/timed out .* waiting for \/NETRIG-READY\/ on the console of router/);
  expect(err.message).toContain('booting');
  const later = c.waitFor('login:');
  c.feed(Buffer.from('router login:'));
  await expect(later).resolves.toBeTruthy();
});
