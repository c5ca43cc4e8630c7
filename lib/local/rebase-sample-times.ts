/**
 * The sample audit logs carry fixed times. The local stack moves them forward by whole hours so
 * the newest event falls in the last complete hour: time-window queries, summaries and digests
 * then show them on any day. Ids stay as they are, so a second run still stores nothing twice.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

const HOUR_MS = 3_600_000;
const TIME_KEYS = ['requestReceivedTimestamp', 'stageTimestamp'] as const;

interface Payload {
  logEvents: { id: string; timestamp: number; message: string }[];
  [key: string]: unknown;
}

function shiftTime(value: unknown, deltaMs: number): unknown {
  if (typeof value !== 'string') return value;
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(value);
  if (match === null) return value;
  const shifted = new Date(Date.parse(`${match[1]}Z`) + deltaMs).toISOString().slice(0, 19);
  return `${shifted}${match[2] ?? ''}Z`;
}

function newestTime(payload: Payload): number {
  let newest = Number.NEGATIVE_INFINITY;
  for (const event of payload.logEvents) {
    try {
      const time = Date.parse(
        String((JSON.parse(event.message) as Record<string, unknown>).stageTimestamp),
      );
      if (Number.isFinite(time) && time > newest) newest = time;
    } catch {
      // A malformed sample line stays as it is: the ingest reports it.
    }
  }
  return newest;
}

/** A copy of a CloudWatch Logs subscription event with its audit times moved to `now`. */
export function rebaseSampleTimes(
  event: { awslogs: { data: string } },
  now: Date,
): { awslogs: { data: string } } {
  const payload = JSON.parse(
    gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'),
  ) as Payload;
  const newest = newestTime(payload);
  if (!Number.isFinite(newest)) return event;
  // Whole hours, so that the newest event lands in the last complete hour: the one the hourly
  // digest and `psp-audit digest --window 1h` cover.
  const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
  const deltaMs = floorHour(now.getTime()) - HOUR_MS - floorHour(newest);
  if (deltaMs <= 0) return event;
  const logEvents = payload.logEvents.map((logEvent) => {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(logEvent.message) as Record<string, unknown>;
    } catch {
      return logEvent;
    }
    if (typeof parsed !== 'object' || parsed === null) return logEvent;
    for (const key of TIME_KEYS) parsed[key] = shiftTime(parsed[key], deltaMs);
    return {
      ...logEvent,
      timestamp: logEvent.timestamp + deltaMs,
      message: JSON.stringify(parsed),
    };
  });
  const data = gzipSync(JSON.stringify({ ...payload, logEvents })).toString('base64');
  return { awslogs: { data } };
}
