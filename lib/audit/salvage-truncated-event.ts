/**
 * What is left of an audit Event the log pipeline cut short. EKS cuts an event that exceeds the
 * CloudWatch Logs event size (a pod with a large spec, managedFields or big env values) and ends
 * it with `[Truncated...]`. The API server writes the fields in a fixed order — kind, apiVersion,
 * level, auditID, stage, requestURI, verb, user, impersonatedUser, sourceIPs, userAgent,
 * objectRef, responseStatus, then the bodies and the timestamps — so the part before the first
 * body is a whole JSON object once closed. That part says which pod, which verb, who and with
 * what status: enough to record a pod change as `unevaluated` rather than lose it.
 */
import { type AuditEvent, parseAuditEvent } from './parse-audit-event.ts';

const BODY_KEYS = [',"requestObject":', ',"responseObject":'];

/**
 * The event's metadata when `message` is a cut-short audit Event whose bodies were lost, else
 * null. `receivedAtMs` (the log event's timestamp) stands in for the lost
 * `requestReceivedTimestamp`. The result is marked `truncated: true`.
 */
export function salvageTruncatedEvent(
  message: unknown,
  receivedAtMs: number | undefined,
): AuditEvent | null {
  if (typeof message !== 'string' || !message.startsWith('{')) return null;
  let cut = -1;
  for (const key of BODY_KEYS) {
    const at = message.indexOf(key);
    if (at > 0 && (cut === -1 || at < cut)) cut = at;
  }
  if (cut === -1) return null;
  let head: unknown;
  try {
    head = JSON.parse(`${message.slice(0, cut)}}`);
  } catch {
    return null;
  }
  if (typeof head !== 'object' || head === null || Array.isArray(head)) return null;
  const partial = head as Record<string, unknown>;
  if (partial.requestReceivedTimestamp === undefined) {
    // 0 or absent: no log time known (a replayed JSON line), and no time is better than 1970.
    if (receivedAtMs === undefined || !Number.isFinite(receivedAtMs) || receivedAtMs <= 0)
      return null;
    partial.requestReceivedTimestamp = new Date(receivedAtMs).toISOString();
  }
  try {
    return { ...parseAuditEvent(JSON.stringify(partial)), truncated: true };
  } catch {
    return null;
  }
}
