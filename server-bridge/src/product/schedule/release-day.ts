// Whether a release day (T-0) can be used, and where it moves when it falls on a weekend
// or holiday, following the ReleaseDayOnHoliday setting.
import {calendarProblem, ScheduleContext, WorkingCalendar} from './context';
import {parseDay, weekdayName} from './days';
import {ScheduleError} from './errors';
import {isWorkingDay, nearestWorkingDay} from './working-days';

export type ReleaseDayPolicy = 'reject' | 'next' | 'previous';

export type ReleaseDayCheck = {ok: true; releaseDay: string; moved: boolean} | {ok: false; error: string};

/** Why a day is not a working day, in words for the person who picked it. */
function whyNotWorking(day: string, cal: WorkingCalendar): string {
    const weekday = (parseDay(day) as NonNullable<ReturnType<typeof parseDay>>).weekday;
    const name = weekdayName(weekday);
    if (cal.holidays.includes(day)) {
        return `${day} (${name}) is a holiday`;
    }
    return `${day} is a ${name}, which is not a working day`;
}

function tryNearest(day: string, direction: 'next' | 'previous', cal: WorkingCalendar): string | null {
    try {
        return nearestWorkingDay(day, direction, cal);
    } catch (err) {
        if (err instanceof ScheduleError) {
            return null;
        }
        throw err;
    }
}

export function checkReleaseDay(
    day: string,
    ctx: Omit<ScheduleContext, 'releaseDay'>,
    policy: ReleaseDayPolicy,
): ReleaseDayCheck {
    if (!parseDay(day)) {
        return {ok: false, error: `The release day '${String(day)}' is not a date in the form YYYY-MM-DD.`};
    }
    const problem = calendarProblem(ctx);
    if (problem) {
        return {ok: false, error: `The release day cannot be checked: ${problem}.`};
    }
    if (policy !== 'reject' && policy !== 'next' && policy !== 'previous') {
        return {ok: false, error: `Unknown release-day policy '${String(policy)}'; use reject, next or previous.`};
    }
    if (isWorkingDay(day, ctx)) {
        return {ok: true, releaseDay: day, moved: false};
    }
    const reason = whyNotWorking(day, ctx);
    if (policy === 'reject') {
        const next = tryNearest(day, 'next', ctx);
        const hint = next ? ` The next working day is ${next}.` : '';
        return {ok: false, error: `The release day must be a working day: ${reason}.${hint}`};
    }
    const target = tryNearest(day, policy, ctx);
    if (!target) {
        return {ok: false, error: `The release day cannot be moved: ${reason}, and there is no ${policy} working day within a year.`};
    }
    return {ok: true, releaseDay: target, moved: true};
}
