import {casUpdate, ConflictError} from './cas';
import {MemoryKV} from './memory-kv';
import type {KVStore} from '../platform';

const enc = (n: number[]): Uint8Array => new TextEncoder().encode(JSON.stringify(n));
const dec = (b: Uint8Array | null): number[] => (b ? JSON.parse(new TextDecoder().decode(b)) : []);
const append = (kv: KVStore, key: string, n: number) => casUpdate(kv, key, (cur) => ({write: enc([...dec(cur), n]), result: n}));

describe('casUpdate', () => {
    it('re-applies the change on top of a write that sneaked in between read and write', async () => {
        const kv = new MemoryKV();
        await kv.set('k', enc([1]));
        let sneaked = false;
        // Another server, with its own queue: writes once, right after our first read.
        const other: KVStore = {get: (k) => kv.get(k), set: (k, v) => kv.set(k, v), delete: (k) => kv.delete(k), listKeys: (p, n) => kv.listKeys(p, n),
            setWithOptions: (k, v, o) => kv.setWithOptions(k, v, o)};
        const attempts: number[] = [];
        await casUpdate(kv, 'k', async (cur, attempt) => {
            attempts.push(attempt);
            if (!sneaked) {
                sneaked = true;
                await append(other, 'k', 2);
            }
            return {write: enc([...dec(cur), 3]), result: null};
        });
        expect(dec(await kv.get('k'))).toEqual([1, 2, 3]);
        expect(attempts).toEqual([1, 2]);
    });

    it('lets writers in one process take turns, so none of them retries', async () => {
        const kv = new MemoryKV();
        await Promise.all(Array.from({length: 50}, (_, i) => append(kv, 'k', i)));
        expect(dec(await kv.get('k')).sort((a, b) => a - b)).toEqual(Array.from({length: 50}, (_, i) => i));
        expect(kv.conflicts).toBe(0);
    });

    it('writes nothing on skip or when apply throws, and gives up after the bounded attempts', async () => {
        const kv = new MemoryKV();
        expect(await casUpdate(kv, 'k', () => ({skip: true, result: 'kept'}))).toBe('kept');
        await expect(casUpdate(kv, 'k', () => {
            throw new Error('refused');
        })).rejects.toThrow('refused');
        expect(await kv.get('k')).toBeNull();
        kv.injectConflicts(() => true);
        const err = await casUpdate(kv, 'k', () => ({write: enc([1]), result: null}), 3).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ConflictError);
        expect((err as ConflictError).attempts).toBe(3);
        // The queue is released after a failure: the next writer proceeds.
        kv.injectConflicts(null);
        await append(kv, 'k', 9);
        expect(dec(await kv.get('k'))).toEqual([9]);
    });
});
