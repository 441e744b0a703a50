import {MemoryKV, KVError} from './memory-kv';

const b = (s: string): Uint8Array => new TextEncoder().encode(s);
const s = (v: Uint8Array | null): string | null => (v ? new TextDecoder().decode(v) : null);

describe('MemoryKV (Mattermost plugin KV semantics)', () => {
    let clock: number;
    let kv: MemoryKV;
    beforeEach(() => {
        clock = 1_000_000;
        kv = new MemoryKV(() => clock);
    });

    it('sets, gets and deletes; a null value deletes', async () => {
        await kv.set('a', b('1'));
        expect(s(await kv.get('a'))).toBe('1');
        await kv.set('a', null);
        expect(await kv.get('a')).toBeNull();
        await kv.set('a', b('2'));
        await kv.delete('a');
        expect(await kv.get('a')).toBeNull();
    });

    it('copies values in and out', async () => {
        const v = b('xyz');
        await kv.set('k', v);
        v[0] = 0;
        const out = await kv.get('k');
        out![1] = 0;
        expect(s(await kv.get('k'))).toBe('xyz');
    });

    it('atomic with oldValue null writes only when the key is absent', async () => {
        expect(await kv.setWithOptions('k', b('1'), {atomic: true, oldValue: null})).toBe(true);
        expect(await kv.setWithOptions('k', b('2'), {atomic: true, oldValue: null})).toBe(false);
        expect(s(await kv.get('k'))).toBe('1');
    });

    it('atomic with oldValue replaces only a matching value', async () => {
        await kv.set('k', b('1'));
        expect(await kv.setWithOptions('k', b('2'), {atomic: true, oldValue: b('x')})).toBe(false);
        expect(await kv.setWithOptions('k', b('2'), {atomic: true, oldValue: b('1')})).toBe(true);
        expect(s(await kv.get('k'))).toBe('2');
        expect(await kv.setWithOptions('absent', b('2'), {atomic: true, oldValue: b('1')})).toBe(false);
        expect(await kv.get('absent')).toBeNull();
    });

    it('atomic delete only when the value matches; with oldValue null it does nothing', async () => {
        await kv.set('k', b('1'));
        expect(await kv.setWithOptions('k', null, {atomic: true, oldValue: null})).toBe(false);
        expect(await kv.setWithOptions('k', null, {atomic: true, oldValue: b('2')})).toBe(false);
        expect(s(await kv.get('k'))).toBe('1');
        expect(await kv.setWithOptions('k', null, {atomic: true, oldValue: b('1')})).toBe(true);
        expect(await kv.get('k')).toBeNull();
    });

    it('refuses oldValue without atomic, and bad keys', async () => {
        await expect(kv.setWithOptions('k', b('1'), {oldValue: b('0')})).rejects.toThrow(KVError);
        await expect(kv.set('', b('1'))).rejects.toThrow(/1 to 150/);
        await expect(kv.get('x'.repeat(151))).rejects.toThrow(KVError);
        await expect(kv.set('é'.repeat(150), b('1'))).resolves.toBeUndefined();
    });

    it('expires values; an expired value counts as absent for reads, lists and compare-and-set', async () => {
        await kv.setWithOptions('e', b('1'), {expireInSeconds: 10});
        await kv.set('p', b('1'));
        expect(s(await kv.get('e'))).toBe('1');
        clock += 10_000;
        expect(await kv.get('e')).toBeNull();
        expect(await kv.listKeys(0, 10)).toEqual(['p']);
        await kv.setWithOptions('e2', b('1'), {expireInSeconds: 1});
        clock += 1000;
        expect(await kv.setWithOptions('e2', b('2'), {atomic: true, oldValue: b('1')})).toBe(false);
        expect(await kv.setWithOptions('e2', b('3'), {atomic: true, oldValue: null})).toBe(true);
        expect(s(await kv.get('e2'))).toBe('3');
        await kv.setWithOptions('neg', b('1'), {expireInSeconds: -5});
        expect(await kv.get('neg')).toBeNull();
    });

    it('lists keys in ascending order, page by page', async () => {
        for (const k of ['c', 'a', 'e', 'b', 'd']) {
            await kv.set(k, b(k));
        }
        expect(await kv.listKeys(0, 2)).toEqual(['a', 'b']);
        expect(await kv.listKeys(1, 2)).toEqual(['c', 'd']);
        expect(await kv.listKeys(2, 2)).toEqual(['e']);
        expect(await kv.listKeys(3, 2)).toEqual([]);
        expect(await kv.listKeys(-1, 0)).toEqual(['a', 'b', 'c', 'd', 'e']);
    });

    it('lets tests inject compare-and-set conflicts', async () => {
        await kv.set('k', b('1'));
        let once = true;
        kv.injectConflicts(() => {
            const lose = once;
            once = false;
            return lose;
        });
        expect(await kv.setWithOptions('k', b('2'), {atomic: true, oldValue: b('1')})).toBe(false);
        expect(await kv.setWithOptions('k', b('2'), {atomic: true, oldValue: b('1')})).toBe(true);
        expect(kv.conflicts).toBe(1);
    });
});
