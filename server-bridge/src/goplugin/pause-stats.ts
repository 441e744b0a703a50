// Pauses of the event loop and of the garbage collector, for the benchmark (scripts/
// bench-bridge.js): when the host's environment sets RELEASE_CHECKLIST_PAUSE_STATS, they are
// measured from start-up and summarised in one log line on OnDeactivate. Otherwise nothing
// is measured.
import type {PerformanceEntry} from 'perf_hooks';

export const PAUSE_STATS_ENV = 'RELEASE_CHECKLIST_PAUSE_STATS';

/** Upper bounds (ms) of the GC pause histogram's buckets; the last bucket is everything above. */
const BUCKETS_MS = [0.5, 1, 2, 5, 10, 20];

export interface PauseStats {
    /** Notes the process's memory once OnActivate is done, for the summary. */
    markActivated(): void;
    /** One line: event-loop delay percentiles, the GC pause histogram per kind, memory. */
    summary(): string;
    stop(): void;
}

// perf_hooks' constants for entry.detail.kind.
const GC_KINDS: Record<number, string> = {1: 'scavenge', 2: 'mark-compact', 4: 'incremental', 8: 'weak-callbacks'};

export function startPauseStats(env: NodeJS.ProcessEnv = process.env): PauseStats | null {
    if (!env[PAUSE_STATS_ENV]) {
        return null;
    }
    // Loaded only when asked for: perf_hooks would add to every start-up before the handshake.
    const {monitorEventLoopDelay, PerformanceObserver} = require('perf_hooks') as typeof import('perf_hooks');
    // The histogram holds the time between samples: delay is what exceeds the interval.
    const resolution = 10;
    const loop = monitorEventLoopDelay({resolution});
    loop.enable();
    const gc = new Map<string, {count: number; totalMs: number; maxMs: number; buckets: number[]}>();
    const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            const kind = GC_KINDS[(entry as PerformanceEntry & {detail?: {kind?: number}}).detail?.kind ?? 0] ?? 'other';
            let k = gc.get(kind);
            if (!k) {
                k = {count: 0, totalMs: 0, maxMs: 0, buckets: new Array<number>(BUCKETS_MS.length + 1).fill(0)};
                gc.set(kind, k);
            }
            k.count++;
            k.totalMs += entry.duration;
            k.maxMs = Math.max(k.maxMs, entry.duration);
            const b = BUCKETS_MS.findIndex((limit) => entry.duration <= limit);
            k.buckets[b === -1 ? BUCKETS_MS.length : b]++;
        }
    });
    observer.observe({entryTypes: ['gc']});
    const delay = (ns: number) => Math.max(0, ns / 1e6 - resolution).toFixed(2);
    const mib = (n: number) => (n / 1048576).toFixed(1);
    const memory = () => {
        const m = process.memoryUsage();
        return `rss=${mib(m.rss)} heapTotal=${mib(m.heapTotal)} heapUsed=${mib(m.heapUsed)} external=${mib(m.external)} arrayBuffers=${mib(m.arrayBuffers)} MiB`;
    };
    let activated = '';
    return {
        markActivated() {
            activated = memory();
        },
        summary() {
            const labels = [...BUCKETS_MS.map((l) => `<=${l}`), `>${BUCKETS_MS[BUCKETS_MS.length - 1]}`];
            const kinds = [...gc.entries()].map(([kind, k]) =>
                `${kind} n=${k.count} total=${k.totalMs.toFixed(1)}ms max=${k.maxMs.toFixed(2)}ms [${k.buckets.map((n, i) => `${labels[i]}:${n}`).join(' ')}]`);
            return `pause stats: event loop delay p50=${delay(loop.percentile(50))}ms p99=${delay(loop.percentile(99))}ms ` +
                `max=${delay(loop.max)}ms; gc ${kinds.join('; ') || 'none'}; memory after OnActivate ${activated}, now ${memory()}`;
        },
        stop() {
            loop.disable();
            observer.disconnect();
        },
    };
}
