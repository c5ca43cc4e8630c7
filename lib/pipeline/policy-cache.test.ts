import { describe, expect, it } from 'vitest';
import type { PolicySet } from '../policy-set.ts';
import type { PolicyStore } from '../ports.ts';
import { PolicyCache } from './policy-cache.ts';

/** A policy store that counts its reads; the version can be changed by the test. */
function countingStore(initial: string | null) {
  const state = { version: initial, versionReads: 0, setReads: 0 };
  const store: Pick<PolicyStore, 'current' | 'currentVersion'> = {
    currentVersion: async () => {
      state.versionReads += 1;
      return state.version;
    },
    current: async (): Promise<PolicySet> => {
      state.setReads += 1;
      return { policies: [], rbac: null, version: state.version };
    },
  };
  return { state, store: store as PolicyStore };
}

describe('PolicyCache', () => {
  it('reads the set once and serves it from the cache while fresh', async () => {
    // Prepare
    const { state, store } = countingStore('v000001');
    let now = 0;
    const cache = new PolicyCache({
      store,
      clock: { now: () => new Date(now) },
      refreshSeconds: 30,
    });
    // Act
    const first = await cache.get();
    now = 29_999;
    const second = await cache.get();
    // Assess
    expect(second).toBe(first);
    expect(state).toMatchObject({ versionReads: 1, setReads: 1 });
  });

  it('asks for the version after the refresh interval and reloads only when it changed', async () => {
    const { state, store } = countingStore('v000001');
    let now = 0;
    const cache = new PolicyCache({
      store,
      clock: { now: () => new Date(now) },
      refreshSeconds: 30,
    });
    await cache.get();
    now = 30_000;
    expect((await cache.get()).version).toBe('v000001');
    expect(state).toMatchObject({ versionReads: 2, setReads: 1 });
    state.version = 'v000002';
    now = 60_000;
    expect((await cache.get()).version).toBe('v000002');
    expect(state).toMatchObject({ versionReads: 3, setReads: 2 });
  });
});
