// One read-apply-compare-and-set cycle with bounded retries: the discipline every stored
// change follows, so concurrent writers on the same key never lose each other's updates.
import type {KVStore} from '../platform';

export const MAX_CAS_ATTEMPTS = 10;

export class ConflictError extends Error {
    constructor(readonly key: string, readonly attempts: number) {
        super(`too many concurrent changes to ${key}: gave up after ${attempts} attempts, please retry`);
    }
}

/**
 * What `apply` decides: the bytes to write (null deletes), or `skip` to leave the key as
 * it is; `result` is handed back to the caller once the write (if any) has won.
 */
export type CasDecision<R> = {write: Uint8Array | null; result: R} | {skip: true; result: R};

export async function casUpdate<R>(
    kv: KVStore,
    key: string,
    apply: (current: Uint8Array | null, attempt: number) => CasDecision<R> | Promise<CasDecision<R>>,
    maxAttempts = MAX_CAS_ATTEMPTS,
): Promise<R> {
    return exclusive(kv, key, () => attemptUpdate(kv, key, apply, maxAttempts));
}

// Writers in this process take turns per key (so `apply` must never start another casUpdate
// on the same key: it would wait for itself), so concurrent requests on one server never
// make each other retry; the compare-and-set still decides between servers of a cluster.
const queues = new WeakMap<KVStore, Map<string, Promise<unknown>>>();

export async function exclusive<R>(kv: KVStore, key: string, fn: () => Promise<R>): Promise<R> {
    let perKv = queues.get(kv);
    if (!perKv) {
        perKv = new Map();
        queues.set(kv, perKv);
    }
    const previous = perKv.get(key) ?? Promise.resolve();
    const mine = previous.then(fn, fn);
    const settled = mine.then(() => undefined, () => undefined);
    perKv.set(key, settled);
    try {
        return await mine;
    } finally {
        if (perKv.get(key) === settled) {
            perKv.delete(key);
        }
    }
}

async function attemptUpdate<R>(
    kv: KVStore,
    key: string,
    apply: (current: Uint8Array | null, attempt: number) => CasDecision<R> | Promise<CasDecision<R>>,
    maxAttempts: number,
): Promise<R> {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const current = await kv.get(key);
        const decision = await apply(current, attempt);
        if ('skip' in decision) {
            return decision.result;
        }
        if (decision.write === null && current === null) {
            return decision.result;
        }
        const won = await kv.setWithOptions(key, decision.write, {atomic: true, oldValue: current});
        if (won) {
            return decision.result;
        }
        // Another writer got in first: back off for a random, growing moment so a crowd of
        // writers on one key spreads out instead of colliding again in lockstep.
        await backoff(attempt);
    }
    throw new ConflictError(key, maxAttempts);
}

export function backoff(attempt: number): Promise<void> {
    const ceilingMs = Math.min(100, 2 ** (attempt + 1));
    return new Promise((resolve) => setTimeout(resolve, Math.random() * ceilingMs));
}
