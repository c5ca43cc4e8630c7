import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveDigestSchedule } from './resolve-digest-schedule.ts';

function sampleEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../events/${name}`, import.meta.url), 'utf8'));
}

const rule = (name: string) => [`arn:aws:events:eu-west-1:123456789012:rule/${name}`];

describe('resolveDigestSchedule', () => {
  it.each([
    { file: 'schedule-digest-1h.json', window: '1h' },
    { file: 'schedule-digest-24h.json', window: '24h' },
    { file: 'schedule-digest-7d.json', window: '7d' },
  ])('takes the window $window from the rule name of $file', ({ file, window }) => {
    expect(resolveDigestSchedule(sampleEvent(file))).toEqual({
      window,
      until: new Date('2026-11-26T19:00:00.000Z'),
    });
  });

  it('prefers detail.window, keeps detail.cluster and floors the time to the hour', () => {
    expect(resolveDigestSchedule(sampleEvent('schedule-digest-detail-window.json'))).toEqual({
      window: '7d',
      cluster: 'prod',
      until: new Date('2026-11-26T19:00:00.000Z'),
    });
  });

  it.each([
    {
      name: 'an unknown rule suffix',
      event: {
        time: '2026-11-26T19:00:00Z',
        resources: rule('psp-audit-dev-digest-2h'),
        detail: {},
      },
      message:
        'digest schedule: unknown window "2h" from rule arn:aws:events:eu-west-1:123456789012:rule/psp-audit-dev-digest-2h (accepted: 1h, 24h, 7d, from detail.window or a rule named …-digest-<window>)',
    },
    {
      name: 'an unknown detail.window',
      event: {
        time: '2026-11-26T19:00:00Z',
        resources: rule('x-digest-1h'),
        detail: { window: 'weekly' },
      },
      message:
        'digest schedule: unknown window "weekly" from detail.window (accepted: 1h, 24h, 7d, from detail.window or a rule named …-digest-<window>)',
    },
    {
      name: 'no window at all',
      event: { time: '2026-11-26T19:00:00Z', resources: rule('psp-audit-dev-hourly'), detail: {} },
      message:
        'digest schedule: no window in the event (accepted: 1h, 24h, 7d, from detail.window or a rule named …-digest-<window>)',
    },
    {
      name: 'a bad time',
      event: { time: 'soon', resources: rule('psp-audit-dev-digest-1h'), detail: {} },
      message: 'digest schedule: time must be an ISO 8601 time, got "soon"',
    },
  ])('refuses $name, naming what is accepted', ({ event, message }) => {
    expect(() => resolveDigestSchedule(event)).toThrow(message);
  });
});
