import { describe, expect, it } from 'vitest';
import { bucket, FakeFindingStore, finding } from '../../test/api/fakes.ts';
import { aggregateBuckets } from './aggregate-buckets.ts';
import { buildDigest } from './build-digest.ts';

const until = new Date('2026-11-26T19:00:00.000Z');

describe('aggregateBuckets', () => {
  it('sums every dimension, sorts keys and totals byType', () => {
    const counts = aggregateBuckets([
      bucket('2026-11-26T17:00:00.000Z', { byType: { unevaluated: 1 }, byUser: { zoe: 1 } }),
      bucket('2026-11-26T18:00:00.000Z', {
        byType: { 'psp-violation': 2, unevaluated: 1 },
        byUser: { alice: 2 },
        pssFailuresByNamespace: { default: 4 },
      }),
    ]);

    expect(counts.total).toBe(4);
    expect(counts.byType).toEqual({ 'psp-violation': 2, unevaluated: 2 });
    expect(Object.keys(counts.byUser)).toEqual(['alice', 'zoe']);
    expect(counts.pssFailuresByNamespace).toEqual({ default: 4 });
  });
});

describe('buildDigest', () => {
  it('compares with the previous window and splits workloads into new and recurring', async () => {
    const store = new FakeFindingStore(
      [],
      [
        // previous window (2026-11-24T19:00 .. 2026-11-25T19:00)
        bucket('2026-11-25T18:00:00.000Z', {
          byType: { 'psp-violation': 4 },
          byWorkload: { 'default/Deployment/web': 4 },
        }),
        // current window
        bucket('2026-11-25T19:00:00.000Z', {
          byType: { 'psp-violation': 1, 'pss-violation': 2 },
          byWorkload: { 'default/Deployment/web': 1, 'ops/Job/backup': 2 },
          pssFailuresByNamespace: { ops: 2 },
        }),
        // outside both windows, returned by a store whose upper bound is inclusive
        bucket('2026-11-26T19:00:00.000Z', { byType: { 'psp-violation': 50 } }),
      ],
    );

    const digest = await buildDigest(store, { window: '24h', until, pss: 'baseline@v1.30' });

    expect(digest.totals).toEqual([
      { type: 'psp-violation', count: 1, previous: 4, change: -3 },
      { type: 'pss-violation', count: 2, previous: 0, change: 2 },
      { type: 'sensitive-file', count: 0, previous: 0, change: 0 },
      { type: 'unevaluated', count: 0, previous: 0, change: 0 },
    ]);
    expect(digest.total).toEqual({ type: 'total', count: 3, previous: 4, change: -1 });
    expect(digest.workloads).toEqual({
      new: [{ name: 'ops/Job/backup', count: 2 }],
      recurring: [{ name: 'default/Deployment/web', count: 1 }],
    });
    expect(digest.pssFailuresByNamespace).toEqual([{ name: 'ops', count: 2 }]);
    expect(digest.pss).toBe('baseline@v1.30');
    expect(store.bucketReads).toEqual([
      { cluster: undefined, from: '2026-11-24T19:00:00.000Z', to: '2026-11-26T19:00:00.000Z' },
    ]);
  });

  it('lists every sensitive-file finding of the window across pages, oldest first', async () => {
    const alerts = Array.from({ length: 1203 }, (_, index) =>
      finding({
        id: `a${index}:sensitive-file`,
        type: 'sensitive-file',
        time: new Date(until.getTime() - (index + 1) * 1000).toISOString(),
      }),
    );
    const late = finding({
      id: 'late:sensitive-file',
      type: 'sensitive-file',
      time: until.toISOString(),
    });
    const store = new FakeFindingStore([...alerts, late], []);

    const digest = await buildDigest(store, {
      window: '1h',
      until,
      cluster: 'prod',
      maxSensitiveFiles: 2,
    });

    expect(digest.sensitiveFileCount).toBe(1203);
    expect(digest.sensitiveFiles.map((alert) => alert.id)).toEqual([
      'a1:sensitive-file',
      'a0:sensitive-file',
    ]);
    expect(store.queries.map((query) => query.cursor === undefined)).toEqual([true, false, false]);
    expect(store.queries[0]).toEqual({
      cluster: 'prod',
      type: 'sensitive-file',
      since: '2026-11-26T18:00:00.000Z',
      until: '2026-11-26T19:00:00.000Z',
      limit: 500,
    });
  });
});
