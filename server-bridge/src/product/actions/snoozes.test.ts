import {MemoryKV} from '../store/memory-kv';
import {MAX_SNOOZES, Snoozes, snoozeKey} from './snoozes';

describe('snoozes', () => {
    it('keeps a step asleep until its wake day, per user', async () => {
        const snoozes = new Snoozes(new MemoryKV(() => 0));
        expect(await snoozes.snooze('run1', 'u1', 'a', '2026-03-06', '2026-03-09')).toBe(true);
        expect([...await snoozes.asleep('run1', 'u1', '2026-03-06')]).toEqual(['a']);
        expect([...await snoozes.asleep('run1', 'u1', '2026-03-08')]).toEqual(['a']);
        expect([...await snoozes.asleep('run1', 'u1', '2026-03-09')]).toEqual([]);
        expect([...await snoozes.asleep('run1', 'u2', '2026-03-06')]).toEqual([]);
    });

    it('is bounded: past snoozes are pruned on write, and too many live ones are refused', async () => {
        const kv = new MemoryKV(() => 0);
        const snoozes = new Snoozes(kv);
        for (let i = 0; i < MAX_SNOOZES; i++) {
            expect(await snoozes.snooze('run1', 'u1', `s${i}`, '2026-03-02', '2026-03-03')).toBe(true);
        }
        expect(await snoozes.snooze('run1', 'u1', 'one-more', '2026-03-02', '2026-03-03')).toBe(false);
        // The next day every earlier snooze has woken and is dropped: room again, one entry stored.
        expect(await snoozes.snooze('run1', 'u1', 'next-day', '2026-03-03', '2026-03-04')).toBe(true);
        const stored = JSON.parse(new TextDecoder().decode((await kv.get(snoozeKey('run1', 'u1')))!)) as Record<string, string>;
        expect(stored).toEqual({'next-day': '2026-03-04'});
    });

    it('treats a damaged record as no snoozes', async () => {
        const kv = new MemoryKV(() => 0);
        await kv.set(snoozeKey('run1', 'u1'), new TextEncoder().encode('{"a": 5}'));
        const snoozes = new Snoozes(kv);
        expect([...await snoozes.asleep('run1', 'u1', '2026-03-02')]).toEqual([]);
        expect(await snoozes.snooze('run1', 'u1', 'b', '2026-03-02', '2026-03-03')).toBe(true);
        expect([...await snoozes.asleep('run1', 'u1', '2026-03-02')]).toEqual(['b']);
    });
});
