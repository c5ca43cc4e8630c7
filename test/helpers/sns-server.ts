/**
 * SNS + SQS emulators for the notifier suite, bound to 127.0.0.1 on port 0: fauxqs in-process,
 * always, and moto_server when this machine has it.
 *
 * fauxqs's `startFauxqs()` listens on 0.0.0.0, so its Fastify app (`buildApp`) is started here on
 * 127.0.0.1 instead. fauxqs does not apply `MessageStructure: 'json'` (an SQS subscriber receives
 * the whole per-protocol document); moto, like SNS, delivers the `sqs` or `default` body:
 * `deliveredBody` undoes the difference so one suite asserts both.
 */
import { buildApp } from 'fauxqs';
import { type EmulatorServer, motoCommand, startMoto } from './dynamodb-server.ts';

export interface SnsEmulator extends EmulatorServer {
  /** The body an SQS subscriber of a structured message gets, as SNS would deliver it. */
  deliveredBody(message: string): string;
}

export async function startFauxqsServer(): Promise<SnsEmulator> {
  const app = buildApp({ logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    name: 'fauxqs',
    endpoint: address,
    stop: () => app.close(),
    deliveredBody(message) {
      const bodies = JSON.parse(message) as Record<string, string>;
      return bodies.sqs ?? bodies.default ?? message;
    },
  };
}

export async function startMotoSns(): Promise<SnsEmulator> {
  const server = await startMoto();
  return { ...server, deliveredBody: (message) => message };
}

/** One row per emulator available here; the moto row exists only when moto is installed. */
export function snsServers(): { name: string; start: () => Promise<SnsEmulator> }[] {
  const servers = [{ name: 'fauxqs', start: startFauxqsServer }];
  if (motoCommand() !== null) servers.push({ name: 'moto', start: startMotoSns });
  return servers;
}
