// The last resort for noticing that the host died: when a parent process dies, the kernel
// re-parents its children (to init or a subreaper), so a changed parent pid means the host
// is gone even when no socket or pipe has told us yet.

export interface ParentWatchOptions {
    onGone: (reason: string) => void;
    /** How often the parent is checked. */
    intervalMs?: number;
    /** The current parent pid (process.ppid, read afresh on every call). */
    parentPid?: () => number;
}

export const PARENT_POLL_MS = 500;

/** Starts polling; returns the stop function. Started under init already: nothing to watch. */
export function watchParent(options: ParentWatchOptions): () => void {
    const parentPid = options.parentPid ?? (() => process.ppid);
    const original = parentPid();
    if (original <= 1) {
        return () => undefined;
    }
    const timer = setInterval(() => {
        const now = parentPid();
        if (now !== original) {
            clearInterval(timer);
            options.onGone(`parent process ${original} is gone (now ${now})`);
        }
    }, options.intervalMs ?? PARENT_POLL_MS);
    // The session keeps the process alive; this timer alone must not.
    timer.unref();
    return () => clearInterval(timer);
}
