// Calendar days as the API writes them ('YYYY-MM-DD'), checked without time zones.
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day in the form YYYY-MM-DD (no 2030-02-30). */
export function isCalendarDay(s: string): boolean {
    const m = DAY.exec(s);
    if (!m) {
        return false;
    }
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}
