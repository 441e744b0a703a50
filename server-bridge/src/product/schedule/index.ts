// The schedule engine: pure, deterministic date math for release runs. Time zones and
// daylight saving come from luxon; nothing here reads the clock.
export type {ScheduleContext, WorkingCalendar} from './context';
export {contextProblem, calendarProblem} from './context';
export {ScheduleError} from './errors';
export {isValidDay} from './days';
export {isValidTimeZone} from './zone';
export {computeDueAt, computeDueDay, isValidTime, DEFAULT_DUE_TIME, MAX_CALENDAR_OFFSET} from './due';
export {addWorkingDays, workingDaysBetween, isWorkingDay, nearestWorkingDay, MAX_SEARCH_DAYS, MAX_WORKING_OFFSET} from './working-days';
export {checkReleaseDay} from './release-day';
export type {ReleaseDayCheck, ReleaseDayPolicy} from './release-day';
export {parseWorkingDays, parseHolidays, readWorkingDays, readHolidays} from './settings-text';
export type {ParseResult, EntryProblem, Lenient} from './settings-text';
export {effectiveDue, scheduleTemplate, rescheduleSteps} from './template-schedule';
export type {ScheduledStep} from './template-schedule';
