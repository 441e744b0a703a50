// A hand-driven clock for scheduler tests: timers fire only when the test moves time.
import type {Clock} from './clock';

interface Timer {
    id: number;
    at: number;
    fn: () => void;
}

export class FakeClock implements Clock {
    private timers: Timer[] = [];
    private nextId = 1;

    constructor(private current: number) {}

    now(): number {
        return this.current;
    }

    setTimeout(fn: () => void, ms: number): unknown {
        const timer = {id: this.nextId++, at: this.current + Math.max(0, ms), fn};
        this.timers.push(timer);
        return timer.id;
    }

    clearTimeout(handle: unknown): void {
        this.timers = this.timers.filter((t) => t.id !== handle);
    }

    /**
     * Moves time to `target`, firing due timers in order; after each instant it lets the
     * async work the timers started run to completion (`settle`).
     */
    async advanceTo(target: number, settle: () => Promise<void>): Promise<void> {
        for (;;) {
            const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id);
            if (due.length === 0) {
                break;
            }
            const at = due[0].at;
            this.current = at;
            const firing = due.filter((t) => t.at === at);
            this.timers = this.timers.filter((t) => !firing.includes(t));
            firing.forEach((t) => t.fn());
            await settle();
        }
        this.current = target;
    }
}
