// The one timeout/retry mechanism every wait in netrig goes through. A wait either resolves or
// fails with a NetrigTimeout that says what was awaited, for how long, and carries the evidence
// (console tail, last frames) gathered at the moment it gave up.

export class NetrigError extends Error {
  constructor(message: string, readonly evidence?: string) {
    super(evidence ? `${message}\n${indent(evidence)}` : message);
    this.name = 'NetrigError';
  }
}

export class NetrigTimeout extends NetrigError {
  constructor(readonly what: string, readonly ms: number, evidence?: string) {
    super(`timed out after ${(ms / 1000).toFixed(1)} s waiting for ${what}`, evidence);
    this.name = 'NetrigTimeout';
  }
}

export interface WaitOptions {
  /** Milliseconds before giving up. */
  timeout?: number;
  /** What is awaited, in words: appears in the error. */
  what?: string;
  /** Called once when the wait fails; its text is attached to the error. */
  evidence?: () => string;
  /** Aborts the wait early (e.g. the guest died); the reason becomes the error. */
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Waits for `promise`, failing after `timeout` ms with a NetrigTimeout carrying the evidence.
 * `onGiveUp` lets the caller unregister whatever listener feeds the promise.
 */
export function deadline<T>(promise: Promise<T>, opts: WaitOptions & { onGiveUp?: () => void } = {}): Promise<T> {
  const ms = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  const what = opts.what ?? 'an event';
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const giveUp = (err: Error) =>
      finish(() => {
        opts.onGiveUp?.();
        reject(err);
      });
    const timer = setTimeout(() => giveUp(new NetrigTimeout(what, ms, safeEvidence(opts.evidence))), ms);
    const onAbort = () => {
      const reason = opts.signal?.reason;
      const msg = reason instanceof Error ? reason.message : String(reason ?? 'aborted');
      giveUp(new NetrigError(`gave up waiting for ${what}: ${msg}`, safeEvidence(opts.evidence)));
    };
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => finish(() => resolve(v)),
      (e: unknown) => finish(() => reject(e)),
    );
  });
}

/**
 * Calls `attempt` until it returns a value other than undefined, or the timeout passes. The last
 * attempt is told it is the last (`lastTry`) so it can throw an error that says why.
 */
export async function retry<T>(
  attempt: (lastTry: boolean) => Promise<T | undefined> | T | undefined,
  opts: WaitOptions & { interval?: number } = {},
): Promise<T> {
  const ms = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  const interval = opts.interval ?? 100;
  const end = Date.now() + ms;
  for (;;) {
    if (opts.signal?.aborted) throw new NetrigError(`gave up waiting for ${opts.what ?? 'a condition'}`, safeEvidence(opts.evidence));
    const lastTry = Date.now() + interval >= end;
    const value = await attempt(lastTry);
    if (value !== undefined) return value;
    if (lastTry) throw new NetrigTimeout(opts.what ?? 'a condition', ms, safeEvidence(opts.evidence));
    await sleep(Math.min(interval, Math.max(0, end - Date.now())));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function safeEvidence(fn?: () => string): string | undefined {
  if (!fn) return undefined;
  try {
    return fn();
  } catch (e) {
    return `(evidence unavailable: ${(e as Error).message})`;
  }
}

export function indent(text: string, prefix = '  │ '): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

/** The last `n` lines of a text, for error messages. */
export function tail(text: string, n = 20): string {
  const lines = text.replace(/\r/g, '').split('\n');
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-n).join('\n');
}
