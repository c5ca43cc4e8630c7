/**
 * EventBridge schedule (hourly, daily, weekly) → one digest of the window on the digest topic.
 * Reads hour buckets and the window's sensitive-file findings only.
 */
import type { Context, ScheduledEvent } from 'aws-lambda';
import { buildDigest } from '../../lib/digest/build-digest.ts';
import { renderDigest } from '../../lib/digest/render-digest.ts';
import { resolveDigestSchedule } from '../../lib/digest/resolve-digest-schedule.ts';
import { logger } from '../../lib/logger.ts';
import type { FindingStore, Notifier } from '../../lib/ports.ts';
import { withMiddleware } from '../shared/with-middleware.ts';

export interface DigestDeps {
  findings: Pick<FindingStore, 'readBuckets' | 'query'>;
  notifier: Pick<Notifier, 'publishDigest'>;
  config: { pss: string };
}

export interface DigestResult {
  window: string;
  cluster: string | null;
  from: string;
  until: string;
  findings: number;
  sensitiveFiles: number;
  /** False for an hourly digest of an hour with no finding at all. */
  published: boolean;
}

export function createDigestHandler(deps: DigestDeps) {
  return withMiddleware(async (event: ScheduledEvent): Promise<DigestResult> => {
    const schedule = resolveDigestSchedule(event);
    const digest = await buildDigest(deps.findings, { ...schedule, pss: deps.config.pss });
    // An hourly digest of a quiet hour is not sent: it would be mail every hour saying nothing.
    // Daily and weekly digests are sent even when quiet ("nothing happened" is news there).
    const quiet = digest.total.count === 0 && digest.sensitiveFileCount === 0;
    const publish = !(quiet && digest.window === '1h');
    if (publish) await deps.notifier.publishDigest(renderDigest(digest));
    const result: DigestResult = {
      window: digest.window,
      cluster: digest.cluster,
      from: digest.from,
      until: digest.until,
      findings: digest.total.count,
      sensitiveFiles: digest.sensitiveFileCount,
      published: publish,
    };
    logger.info(publish ? 'digest published' : 'digest skipped', { ...result });
    return result;
  });
}

let wired: Promise<ReturnType<typeof createDigestHandler>> | undefined;

/**
 * The Lambda entry point: adapters from the environment, built once per cold start. The wiring
 * is imported on first use so tests of createDigestHandler load no AWS client.
 */
export const handler = async (event: ScheduledEvent, context: Context): Promise<DigestResult> => {
  wired ??= import('../shared/wiring.ts').then(({ wiring }) => {
    const { findings, notifier, config } = wiring(['findingsTable', 'digestTopicArn']);
    return createDigestHandler({ findings, notifier, config });
  });
  return (await wired)(event, context);
};
