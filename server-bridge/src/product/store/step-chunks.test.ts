import {ChunkCache, chunkCountFor, chunkOfStep, decodeChunk, encodeChunk, generationTime, joinSteps, makeChunk, newGeneration, splitSteps} from './step-chunks';
import {bareStep} from '../testing/fixtures';

describe('step chunks', () => {
    it('splits steps by id into a fixed number of chunks and joins them back in order, leaving the caller\'s steps unfrozen', () => {
        const steps = Array.from({length: 100}, (_, i) => bareStep(`s${i}`));
        const count = chunkCountFor(steps.length);
        expect(count).toBe(4);
        const chunks = splitSteps(steps, count);
        chunks.forEach((c, i) => c.steps.forEach((s) => expect(chunkOfStep(s.id, count)).toBe(i)));
        expect(joinSteps(chunks, steps.length)).toEqual(steps);
        expect(Object.isFrozen(steps[0])).toBe(false);
        expect(Object.isFrozen(chunks[0].steps[0])).toBe(true);
        // Round trip through the stored bytes.
        const again = decodeChunk('k', encodeChunk('run r', chunks[1]));
        expect(again.steps).toEqual(chunks[1].steps);
        expect(again.positions).toEqual(chunks[1].positions);
    });

    it('names generations uniquely with the time they were made', () => {
        const a = newGeneration(1_700_000_000_000);
        expect(generationTime(a)).toBe(1_700_000_000_000);
        expect(newGeneration()).not.toBe(newGeneration());
        expect(generationTime('nodot')).toBeNaN();
    });

    it('keeps at most its budget of parsed chunks, dropping the least recently used', () => {
        const cache = new ChunkCache(100);
        const chunk = (n: number) => makeChunk([0], [bareStep(`s${n}`)], ['x'.repeat(40)]);
        cache.set('a', chunk(1));
        cache.set('b', chunk(2));
        cache.get('a');
        cache.set('c', chunk(3));
        expect(cache.get('b')).toBeUndefined();
        expect(cache.get('a')).toBeDefined();
        expect(cache.get('c')).toBeDefined();
    });
});
