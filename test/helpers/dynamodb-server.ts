/**
 * AWS emulators for the integration suites, all bound to 127.0.0.1 on port 0: dynalite
 * in-process, always, and moto_server (Python) when this machine has it. `motoCommand()` is null
 * elsewhere, and suites then leave the moto row out.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

type Dynalite = (options: {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;
const dynalite = createRequire(import.meta.url)('dynalite') as Dynalite;

export interface EmulatorServer {
  name: string;
  endpoint: string;
  stop(): Promise<void>;
}

let cached: string[] | null | undefined;

/** The command that starts moto here, or null when moto is not installed. */
export function motoCommand(): string[] | null {
  if (cached !== undefined) return cached;
  const onPath = spawnSync('moto_server', ['--help'], { stdio: 'ignore' });
  if (onPath.status === 0) {
    cached = ['moto_server'];
  } else {
    const module = spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' });
    cached = module.status === 0 ? ['python3', '-m', 'moto.server'] : null;
  }
  return cached;
}

export async function startMoto(): Promise<EmulatorServer> {
  const command = motoCommand();
  if (command === null) throw new Error('moto_server is not installed on this machine');
  const [program = 'moto_server', ...args] = command;
  const child = spawn(program, [...args, '-H', '127.0.0.1', '-p', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const endpoint = await readEndpoint(child);
  return {
    name: 'moto',
    endpoint,
    stop: () => stopChild(child),
  };
}

function readEndpoint(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        // Keep draining the pipes so moto never blocks on a full buffer.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`moto_server exited with ${code}: ${output}`)));
    child.once('error', reject);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function startDynalite(): Promise<EmulatorServer> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    name: 'dynalite',
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) =>
        server.close((err) => (err ? reject(err) : resolve())),
      ),
  };
}

/** One row per server available here; the moto row exists only when moto is installed. */
export function dynamoDbServers(): { name: string; start: () => Promise<EmulatorServer> }[] {
  const servers = [{ name: 'dynalite', start: startDynalite }];
  if (motoCommand() !== null) servers.push({ name: 'moto', start: startMoto });
  return servers;
}

export function createDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}
