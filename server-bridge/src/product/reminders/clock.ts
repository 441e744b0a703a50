// Time as the scheduler sees it, injectable so tests can move it by hand.

export interface Clock {
    now(): number;
    setTimeout(fn: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
    now: () => Date.now(),
    setTimeout: (fn, ms) => {
        const t = setTimeout(fn, ms);
        // Reminder timers must never keep the plugin process alive on shutdown.
        t.unref?.();
        return t;
    },
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
