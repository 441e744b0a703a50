// A run's schedule as an iCalendar file (RFC 5545): milestones, or one person's steps.
export {milestoneEntries, myStepEntries, type CalendarEntry} from './entries';
export {runCalendar, runPermalink, calendarFilename, type CalendarKind, type CalendarFile} from './run-calendar';
export {uidOf, writeIcs} from './write-ics';
export {vtimezone} from './vtimezone';
