// The plugin settings as the product uses them, parsed from the raw System Console values.
// A bad value is reported (logged by the caller, and shown to admins through GET /defaults)
// and replaced by its safe default; the other values are kept, so one typo never loses the
// rest of the configuration. In the list settings (holidays, working days) only the bad
// entry is dropped: one malformed holiday line must not throw away every other holiday.
import {isValidTimeZone, readHolidays, readWorkingDays, type EntryProblem, type ReleaseDayPolicy} from '../schedule';
import {channelRefProblem} from '../settings/channel-ref';
import {SETTING_LABELS} from '../settings/labels';

export interface EffectiveSettings {
    timeZone: string;
    workingDays: number[];
    holidays: string[];
    releaseDayPolicy: ReleaseDayPolicy;
    remindersEnabled: boolean;
    reminderHour: number;
    announcementChannel: string;
    releaseDiscussionChannel: string;
    installersChannel: string;
    whoCanStart: 'members' | 'listed';
    /** Lower-cased usernames, without '@'. */
    allowedStarters: string[];
    defaultRoles: Record<string, string[]>;
}

export const DEFAULT_SETTINGS: EffectiveSettings = {
    timeZone: 'America/Los_Angeles',
    workingDays: [1, 2, 3, 4, 5],
    holidays: [],
    releaseDayPolicy: 'reject',
    remindersEnabled: true,
    reminderHour: 9,
    announcementChannel: '',
    releaseDiscussionChannel: '',
    installersChannel: '',
    whoCanStart: 'members',
    allowedStarters: [],
    defaultRoles: {},
};

/** A setting that was wrong and replaced by its default. */
export interface SettingProblem {
    /** The settings_schema key, e.g. DefaultTimeZone. */
    key: string;
    /** For the admin, in the System Console's words: label, the bad value, what is used instead. */
    message: string;
}

export interface ParsedSettings {
    settings: EffectiveSettings;
    /** One per setting that was wrong and replaced by its default, in settings_schema order. */
    problems: SettingProblem[];
}

const MAX_TEXT = 64 * 1024;
/** How much of a bad value a problem quotes: enough to recognise it, never a whole blob. */
const MAX_SHOWN = 60;

const LABELS = SETTING_LABELS;

/** A bad value as a short quoted text; anything (objects, huge strings) is shown safely. */
export function showValue(value: unknown): string {
    let text: string;
    if (typeof value === 'string') {
        text = JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);
    } else {
        try {
            text = JSON.stringify(value) ?? String(value);
        } catch {
            text = `a ${typeof value}`;
        }
        if (text.length > MAX_SHOWN) {
            text = `${text.slice(0, MAX_SHOWN)}…`;
        }
    }
    return text;
}

export function parseSettings(raw: Record<string, unknown> | null | undefined): ParsedSettings {
    const src = raw && typeof raw === 'object' ? raw : {};
    const problems: SettingProblem[] = [];
    const s: EffectiveSettings = structuredClone(DEFAULT_SETTINGS);
    const report = (key: string, value: unknown, why: string, instead: string): void => {
        problems.push({key, message: `${LABELS[key] ?? key}: ${showValue(value)} ${why}; using ${instead}`});
    };
    // One line per dropped entry of a list setting, naming its line when the text has several.
    const reportEntry = (key: string, multiline: boolean, p: EntryProblem, then: string): void => {
        const where = multiline ? `line ${p.line}, ` : '';
        problems.push({key, message: `${LABELS[key] ?? key}: ${where}${showValue(p.entry)} is not accepted (${p.error}); ${then}`});
    };
    // Mattermost lower-cases setting keys in the stored config; accept both spellings.
    const get = (key: string): unknown => (key in src ? src[key] : src[key.toLowerCase()]);
    const text = (key: string, instead: string): string | undefined => {
        const v = get(key);
        if (v === undefined || v === null || v === '') {
            return undefined;
        }
        if (typeof v !== 'string' || v.length > MAX_TEXT) {
            report(key, v, `is not a text of at most ${MAX_TEXT} characters`, instead);
            return undefined;
        }
        return v.trim();
    };

    const zone = text('DefaultTimeZone', DEFAULT_SETTINGS.timeZone);
    if (zone !== undefined) {
        if (isValidTimeZone(zone)) {
            s.timeZone = zone;
        } else {
            report('DefaultTimeZone', zone, 'is not a time zone', s.timeZone);
        }
    }
    const days = text('WorkingDays', 'Mon,Tue,Wed,Thu,Fri');
    if (days !== undefined) {
        const r = readWorkingDays(days);
        const multiline = /[\r\n]/.test(days.trim());
        if (r.value.length > 0) {
            s.workingDays = r.value;
            r.problems.forEach((p) => reportEntry('WorkingDays', multiline, p, 'that entry is ignored'));
        } else if (r.problems.length > 0) {
            report('WorkingDays', days, `is not accepted (${r.problems[0].error})`, 'Mon,Tue,Wed,Thu,Fri');
        } else {
            report('WorkingDays', days, 'names no working day', 'Mon,Tue,Wed,Thu,Fri');
        }
    }
    const holidays = text('Holidays', 'no holidays');
    if (holidays !== undefined) {
        const r = readHolidays(holidays);
        s.holidays = r.value;
        const multiline = /[\r\n]/.test(holidays.trim());
        r.problems.forEach((p) => reportEntry('Holidays', multiline, p, r.value.length > 0 ? 'that entry is ignored, the other holidays are used' : 'that entry is ignored'));
    }
    const policy = text('ReleaseDayOnHoliday', 'reject');
    if (policy !== undefined) {
        if (policy === 'reject' || policy === 'next' || policy === 'previous') {
            s.releaseDayPolicy = policy;
        } else {
            report('ReleaseDayOnHoliday', policy, 'is not one of reject, next, previous', 'reject');
        }
    }
    const reminders = get('RemindersEnabled');
    if (reminders !== undefined && reminders !== null) {
        if (typeof reminders === 'boolean') {
            s.remindersEnabled = reminders;
        } else if (reminders === 'true' || reminders === 'false') {
            s.remindersEnabled = reminders === 'true';
        } else {
            report('RemindersEnabled', reminders, 'is not true or false', 'true');
        }
    }
    const hour = get('ReminderHour');
    if (hour !== undefined && hour !== null && hour !== '') {
        const n = typeof hour === 'number' ? hour : typeof hour === 'string' && /^\d{1,2}$/.test(hour.trim()) ? Number(hour) : NaN;
        if (Number.isInteger(n) && n >= 0 && n <= 23) {
            s.reminderHour = n;
        } else {
            report('ReminderHour', hour, 'is not a whole hour from 0 to 23', '9');
        }
    }
    // Kept as typed even when malformed: announcing then names the bad value, where a blank would say "not configured".
    const channel = (key: string): string => {
        const v = text(key, 'none') ?? '';
        const why = channelRefProblem(v);
        if (why) {
            problems.push({key, message: `${LABELS[key] ?? key}: ${showValue(v)} ${why}; its announcements cannot be posted until it is fixed`});
        }
        return v;
    };
    s.announcementChannel = channel('AnnouncementChannel');
    s.releaseDiscussionChannel = channel('ReleaseDiscussionChannel');
    s.installersChannel = channel('InstallersChannel');
    const who = text('WhoCanStart', 'members');
    if (who !== undefined) {
        if (who === 'members' || who === 'listed') {
            s.whoCanStart = who;
        } else {
            report('WhoCanStart', who, 'is not members or listed', 'members');
        }
    }
    const starters = text('AllowedStarters', 'nobody listed');
    if (starters !== undefined) {
        s.allowedStarters = starters.split(/[,\s]+/).map((u) => u.replace(/^@/, '').toLowerCase()).filter((u) => u !== '');
    }
    const roles = get('DefaultRoleAssignments');
    if (roles !== undefined && roles !== null && roles !== '') {
        const parsed = parseRoleAssignments(roles);
        if (parsed) {
            s.defaultRoles = parsed;
        } else {
            report('DefaultRoleAssignments', roles, 'is not a JSON object of role id to a list of user ids', 'none');
        }
    }
    return {settings: s, problems};
}

function parseRoleAssignments(value: unknown): Record<string, string[]> | null {
    let obj: unknown = value;
    if (typeof value === 'string') {
        if (value.length > MAX_TEXT) {
            return null;
        }
        try {
            obj = JSON.parse(value);
        } catch {
            return null;
        }
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
        return null;
    }
    const out: Record<string, string[]> = {};
    for (const [role, users] of Object.entries(obj)) {
        if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(role) || !Array.isArray(users) || !users.every((u) => typeof u === 'string' && /^[a-z0-9]{1,64}$/.test(u))) {
            return null;
        }
        out[role] = [...new Set(users as string[])];
    }
    return out;
}
