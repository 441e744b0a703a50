import {PAUSE_STATS_ENV, startPauseStats} from './pause-stats';

describe('pause statistics', () => {
    it('measure nothing unless the environment asks for them', () => {
        expect(startPauseStats({})).toBeNull();
    });

    it('summarise event-loop delay, collections and memory in one line', async () => {
        const stats = startPauseStats({[PAUSE_STATS_ENV]: '1'});
        expect(stats).not.toBeNull();
        stats!.markActivated();
        // Allocate enough for at least one young-generation collection, then let the observer run.
        let keep: number[][] = [];
        for (let i = 0; i < 200_000; i++) {
            keep.push([i]);
            if (keep.length > 1000) {
                keep = [];
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
        const line = stats!.summary();
        stats!.stop();
        expect(line).toMatch(/^pause stats: event loop delay p50=[\d.]+ms p99=[\d.]+ms max=[\d.]+ms; gc /);
        expect(line).toMatch(/scavenge n=[1-9]\d*/);
        expect(line).toMatch(/memory after OnActivate rss=[\d.]+ .* now rss=[\d.]+ /);
        expect(line).not.toContain('\n');
    });
});
