/**
 * The local stand-in for SNS: every message the alerts or digest topic would carry is written as
 * a JSON file to an outbox folder and announced on the console. Same port as SnsNotifier.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Alert } from '../findings.ts';
import type { Notifier } from '../ports.ts';

export interface OutboxMessage {
  topic: 'alerts' | 'digest';
  subject: string;
  attributes: Record<string, string>;
  /** The e-mail body. */
  text: string;
  /** The body machine subscribers receive. */
  json: unknown;
}

export class OutboxNotifier implements Notifier {
  readonly #dir: string;
  readonly #announce: (line: string) => void;
  #sequence = 0;

  constructor(options: { dir: string; announce?: (line: string) => void }) {
    this.#dir = options.dir;
    this.#announce = options.announce ?? (() => {});
  }

  async publishAlerts(alerts: readonly Alert[]): Promise<void> {
    for (const { finding } of alerts) {
      const target = finding.pod ? `${finding.namespace}/${finding.pod}` : finding.namespace;
      await this.#write(`alert-${finding.id}`, {
        topic: 'alerts',
        subject: `[psp-audit] ${finding.severity} ${finding.type} in ${finding.cluster}: ${target}`,
        attributes: {
          severity: finding.severity,
          cluster: finding.cluster,
          namespace: finding.namespace,
          type: finding.type,
        },
        text: `${finding.summary}\n\nuser: ${finding.user}\ntime: ${finding.time}\nauditID: ${finding.auditID}\n`,
        json: finding,
      });
    }
  }

  async publishDigest(digest: { subject: string; text: string; json: unknown }): Promise<void> {
    await this.#write('digest', { topic: 'digest', attributes: {}, ...digest });
  }

  async #write(name: string, message: OutboxMessage): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    this.#sequence += 1;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = join(
      this.#dir,
      `${stamp}-${this.#sequence}-${name.replace(/[^\w.-]/g, '_')}.json`,
    );
    await writeFile(file, `${JSON.stringify(message, null, 2)}\n`);
    this.#announce(`sns ${message.topic}: ${message.subject} -> ${file}`);
  }
}
