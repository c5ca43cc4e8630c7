/**
 * `npm start` as a newcomer runs it: a real process, its HTTP API, Ctrl-C, and a second run that
 * keeps the data and stores nothing twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

interface Started {
  child: ChildProcess;
  output: () => string;
  base: string;
}

function start(localDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/local/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOCAL_DIR: localDir, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolveStart, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /API \(real handler\) on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1] && output.includes('Ctrl-C stops.')) {
        resolveStart({ child, output: () => output, base: match[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
}

function stop(started: Started): Promise<number | null> {
  return new Promise((resolveStop) => {
    started.child.removeAllListeners('exit');
    started.child.once('exit', (code) => resolveStop(code));
    started.child.kill('SIGINT');
  });
}

let localDir: string;

beforeAll(async () => {
  localDir = await mkdtemp(join(tmpdir(), 'psp-audit-local-'));
});

afterAll(async () => {
  await rm(localDir, { recursive: true, force: true });
});

describe('npm start (the local stack)', () => {
  it('ingests the samples, serves the API, stops on Ctrl-C, and a second run duplicates nothing', async () => {
    // Act: first run
    const first = await start(localDir);
    const findings = (await (await fetch(`${first.base}/findings?limit=100`)).json()) as {
      items: { id: string; type: string; policySetVersion: string }[];
    };
    const summary = (await (await fetch(`${first.base}/summary?window=24h`)).json()) as {
      current: { total: number };
    };
    const badQuery = await fetch(`${first.base}/findings?limit=zero`);
    const firstExit = await stop(first);
    const outbox = await readdir(join(localDir, 'outbox'));

    // Assess: first run
    expect(first.output()).toMatch(
      /policies: imported \d+ objects from lib\/psp\/samples as v000001/,
    );
    expect(first.output()).toMatch(
      /ingest cloudwatch-logs-event\.json: \d+ events, \d+ pod events, \d+ new findings \(0 already stored\)/,
    );
    expect(findings.items.length).toBeGreaterThan(0);
    expect(new Set(findings.items.map((item) => item.type))).toContain('sensitive-file');
    expect(findings.items.every((item) => item.policySetVersion === 'v000001')).toBe(true);
    expect(summary.current.total).toBe(findings.items.length);
    expect(badQuery.status).toBe(400);
    expect(firstExit).toBe(0);
    const alerts = outbox.filter((name) => name.includes('alert-'));
    expect(alerts.length).toBe(
      findings.items.filter((item) => item.type === 'sensitive-file').length,
    );

    // Act: second run on the same data
    const second = await start(localDir);
    const again = (await (await fetch(`${second.base}/findings?limit=100`)).json()) as {
      items: { id: string }[];
    };
    expect(await stop(second)).toBe(0);

    // Assess: same findings, no new alerts, same policy version
    expect(second.output()).toContain('policies: v000001 already holds the');
    expect(second.output()).toMatch(/0 new findings \(\d+ already stored\), 0 alerts sent/);
    expect(again.items.map((item) => item.id).sort()).toEqual(
      findings.items.map((item) => item.id).sort(),
    );
    expect((await readdir(join(localDir, 'outbox'))).length).toBe(outbox.length);
  });
});
