/**
 * Digest and summary windows: `1h`, `24h`, `7d`. A window is a run of whole hours ending at an
 * hour boundary, so it maps exactly onto hour buckets.
 */
import { BadRequestError } from '../errors.ts';

export const WINDOWS = ['1h', '24h', '7d'] as const;
export type WindowName = (typeof WINDOWS)[number];

const HOURS: Record<WindowName, number> = { '1h': 1, '24h': 24, '7d': 168 };
const HOUR_MS = 3_600_000;

export function isWindowName(text: string): text is WindowName {
  return (WINDOWS as readonly string[]).includes(text);
}

/** `text` as a window name; BadRequestError naming `parameter` and the accepted values. */
export function parseWindow(text: string, parameter = 'window'): WindowName {
  if (isWindowName(text)) return text;
  throw new BadRequestError(
    `${parameter} must be one of ${WINDOWS.join(', ')}, got ${JSON.stringify(text)}`,
  );
}

export function windowHours(window: WindowName): number {
  return HOURS[window];
}

/** The start of the hour holding `time`. */
export function floorToHour(time: Date): Date {
  return new Date(Math.floor(time.getTime() / HOUR_MS) * HOUR_MS);
}

export interface WindowRange {
  window: WindowName;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  until: Date;
}

/** The window ending at `until` (an hour boundary) and the one before it. */
export function resolveWindowRanges(
  window: WindowName,
  until: Date,
): { current: WindowRange; previous: WindowRange } {
  const span = windowHours(window) * HOUR_MS;
  const from = new Date(until.getTime() - span);
  return {
    current: { window, from, until },
    previous: { window, from: new Date(from.getTime() - span), until: from },
  };
}
