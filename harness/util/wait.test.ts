import { describe, expect, test } from 'vitest';
import { deadline, NetrigTimeout, retry, tail } from './wait.ts';

describe('deadline', () => {
  test('resolves with the value when the event comes in time', async () => {
    await expect(deadline(Promise.resolve(7), { timeout: 100 })).resolves.toBe(7);
  });
  test('fails with what was awaited and the evidence', async () => {
    let gaveUp = false;
    const err = await deadline(new Promise(() => {}), {
      timeout: 20,
      what: 'the RA',
      evidence: () => 'last frame: ARP',
      onGiveUp: () => (gaveUp = true),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetrigTimeout);
    expect((err as Error).message).toMatch(/timed out after 0\.0 s waiting for the RA/);
    expect((err as Error).message).toContain('last frame: ARP');
    expect(gaveUp).toBe(true);
  });
  test('an abort signal ends the wait with its reason', async () => {
    const ac = new AbortController();
    const p = deadline(new Promise(() => {}), { timeout: 5000, what: 'boot', signal: ac.signal });
    ac.abort(new Error('qemu exited with code 1'));
    await expect(p).rejects.toThrow(/gave up waiting for boot: qemu exited with code 1/);
  });
});

describe('retry', () => {
  test('returns the first defined value', async () => {
    let n = 0;
    await expect(retry(() => (++n === 3 ? 'ok' : undefined), { interval: 1, timeout: 1000 })).resolves.toBe('ok');
    expect(n).toBe(3);
  });
  test('tells the last attempt it is the last', async () => {
    const seen: boolean[] = [];
    await expect(
      retry(
        (last) => {
          seen.push(last);
          if (last) throw new Error('still no lease');
          return undefined;
        },
        { interval: 5, timeout: 30 },
      ),
    ).rejects.toThrow('still no lease');
    expect(seen.at(-1)).toBe(true);
    expect(seen.slice(0, -1).every((x) => !x)).toBe(true);
  });
});

test('tail keeps the last lines and drops carriage returns', () => {
  expect(tail('a\r\nb\r\nc\r\n', 2)).toBe('b\nc');
});
