import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFlags } from './main.flags.js';
import { startReceiver } from './emulator.test-kit.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

function run(args: string[]) {
  const child = spawn(TSX, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, out: () => stdout, err: () => stderr };
}

describe('standalone emulator', () => {
  it('starts with the documented flags, prints its base URL and serves the Cloud API', async () => {
    const rx = await startReceiver('s3cret');
    const proc = run([
      '--port', '0', '--mps', '20', '--latency-ms', '0', '--webhook-url', rx.url, '--app-secret', 's3cret',
      '--verify-token', 'vt', '--phone-number-id', '123456', '--webhooks', 'on', '--pair-rate', 'off', '--messaging-limit', '1000',
    ]);
    try {
      const base = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${proc.out()} ${proc.err()}`)), 20_000);
        proc.child.stdout.on('data', () => {
          const match = /listening at (http:\/\/127\.0\.0\.1:\d+\/emulator)/.exec(proc.out());
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const config = (await (await fetch(`${base}/_control/config`)).json()) as Record<string, unknown>;
      expect(config).toMatchObject({ mps: 20, latency_ms: 0, webhook_url: rx.url, app_secret: 's3cret', verify_token: 'vt', phone_number_id: '123456', webhooks: true, pair_rate: false, messaging_limit: 1000 });
      await fetch(`${base}/_control/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ida', phone: '+4921525559001' }) });
      await fetch(`${base}/_control/users/u1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'text', text: 'Hi' }) });
      const send = await fetch(`${base}/v23.0/123456/messages`, {
        method: 'POST',
        headers: { authorization: 'Bearer any', 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', to: '+4921525559001', type: 'text', text: { body: 'Hallo Ida' } }),
      });
      expect(send.status).toBe(200);
      await rx.waitFor((all) => all.length >= 2);
      expect(rx.received.every((r) => r.signatureValid)).toBe(true);
    } finally {
      proc.child.kill('SIGTERM');
      await once(proc.child, 'exit');
      await rx.close();
    }
  });

  it('rejects a bad flag with exit code 2 and names it', async () => {
    const bad = run(['--port', '0', '--webhooks', 'maybe']);
    const [code] = (await once(bad.child, 'exit')) as [number];
    expect(code).toBe(2);
    expect(bad.err()).toContain('--webhooks');
    const unknown = run(['--colour', 'blue']);
    expect(((await once(unknown.child, 'exit')) as [number])[0]).toBe(2);
    expect(unknown.err()).toContain('--colour');
  });

  it('parses and validates flags', () => {
    expect(parseFlags(['--mps', 'unlimited', '--messaging-limit', 'unlimited', '--port', '9000'])).toMatchObject({
      port: 9000,
      config: { mps: 'unlimited', messaging_limit: 'unlimited' },
    });
    expect(() => parseFlags(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseFlags(['--latency-ms', '-5'])).toThrow(/--latency-ms/);
    expect(() => parseFlags(['--webhook-url', 'ftp://x'])).toThrow(/--webhook-url/);
    expect(() => parseFlags(['--phone-number-id', 'abc'])).toThrow(/--phone-number-id/);
    expect(() => parseFlags(['--messaging-limit', 'lots'])).toThrow(/--messaging-limit/);
    expect(() => parseFlags(['--app-secret', ''])).toThrow(/--app-secret/);
  });
});
