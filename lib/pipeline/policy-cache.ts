/**
 * Keeps the stored policy set in the Lambda container. Asks the store for the current version at
 * most once per refresh interval (one GetItem) and loads the set again only when it changed.
 */
import type { PolicySet } from '../policy-set.ts';
import type { Clock, PolicyStore } from '../ports.ts';

export class PolicyCache {
  readonly #store: PolicyStore;
  readonly #clock: Clock;
  readonly #refreshMs: number;
  #policySet: PolicySet | undefined;
  #checkedAt = Number.NEGATIVE_INFINITY;

  constructor(options: { store: PolicyStore; clock: Clock; refreshSeconds: number }) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#refreshMs = options.refreshSeconds * 1000;
  }

  /** The current policy set, from the cache while it is fresh. */
  async get(): Promise<PolicySet> {
    const now = this.#clock.now().getTime();
    if (this.#policySet !== undefined && now - this.#checkedAt < this.#refreshMs) {
      return this.#policySet;
    }
    const version = await this.#store.currentVersion();
    if (this.#policySet === undefined || this.#policySet.version !== version) {
      this.#policySet = await this.#store.current();
    }
    this.#checkedAt = now;
    return this.#policySet;
  }
}
