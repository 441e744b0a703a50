// How the history words a length of time, shared by the insight sentences, the report and the
// RHS charts (pure, so the webapp imports it too): minutes under an hour, whole hours under
// most of a day, then days to the half day.
export function formatHours(hours: number): string {
    const h = Math.max(0, hours);
    if (h === 0) {
        return 'on time';
    }
    if (h < 1) {
        return `${Math.max(1, Math.round(h * 60))} min`;
    }
    if (h < 20) {
        const n = Math.round(h);
        return n === 1 ? '1 hour' : `${n} hours`;
    }
    const days = Math.max(1, Math.round((h / 24) * 2) / 2);
    return days === 1 ? 'a day' : `${days} days`;
}

/** A duration in days as the phase chart and report give it: '0.5 d', '2 d'. */
export function formatDays(days: number): string {
    return `${Math.round(Math.max(0, days) * 10) / 10} d`;
}
