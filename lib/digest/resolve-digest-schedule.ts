/**
 * Which digest an EventBridge Scheduled Event asks for. The window comes from `detail.window`
 * when present, else from the rule name's suffix (`…-digest-1h`, `-digest-24h`, `-digest-7d`);
 * the window ends at the event's `time` floored to the hour. `detail.cluster` limits the digest
 * to one cluster.
 */
import { ConfigError } from '../errors.ts';
import { floorToHour, isWindowName, WINDOWS, type WindowName } from './windows.ts';

export interface DigestSchedule {
  window: WindowName;
  /** Exclusive end of the window, an hour boundary. */
  until: Date;
  cluster?: string;
}

const RULE_SUFFIX = /-digest-([^/-]+)$/;

export function resolveDigestSchedule(event: unknown): DigestSchedule {
  const record = isRecord(event) ? event : {};
  const detail = isRecord(record.detail) ? record.detail : {};
  const resources = Array.isArray(record.resources) ? record.resources : [];

  let window: string | undefined;
  let from: string;
  if (detail.window !== undefined) {
    window = String(detail.window);
    from = 'detail.window';
  } else {
    const rule = resources.find(
      (arn): arn is string => typeof arn === 'string' && RULE_SUFFIX.test(arn),
    );
    window = rule === undefined ? undefined : RULE_SUFFIX.exec(rule)?.[1];
    from = rule === undefined ? 'the rule name' : `rule ${rule}`;
  }
  const accepted = `accepted: ${WINDOWS.join(', ')}, from detail.window or a rule named …-digest-<window>`;
  if (window === undefined) {
    throw new ConfigError(`digest schedule: no window in the event (${accepted})`);
  }
  if (!isWindowName(window)) {
    throw new ConfigError(
      `digest schedule: unknown window ${JSON.stringify(window)} from ${from} (${accepted})`,
    );
  }

  const time = typeof record.time === 'string' ? Date.parse(record.time) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new ConfigError(
      `digest schedule: time must be an ISO 8601 time, got ${JSON.stringify(record.time ?? null)}`,
    );
  }
  const cluster =
    typeof detail.cluster === 'string' && detail.cluster !== '' ? detail.cluster : undefined;
  const until = floorToHour(new Date(time));
  return cluster === undefined ? { window, until } : { window, until, cluster };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
