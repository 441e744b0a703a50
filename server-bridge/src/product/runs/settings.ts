// The plugin settings as the product uses them, parsed from the raw System Console values.
// A bad value is reported (logged by the caller) and replaced by its safe default; the
// other values are kept, so one typo never loses the rest of the configuration.
import {isValidTimeZone, parseHolidays, parseWorkingDays, type ReleaseDayPolicy} from '../schedule';

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

export interface ParsedSettings {
    settings: EffectiveSettings;
    /** One sentence per setting that was wrong and replaced by its default. */
    problems: string[];
}

const MAX_TEXT = 64 * 1024;

export function parseSettings(raw: Record<string, unknown> | null | undefined): ParsedSettings {
    const src = raw && typeof raw === 'object' ? raw : {};
    const problems: string[] = [];
    const s: EffectiveSettings = structuredClone(DEFAULT_SETTINGS);
    // Mattermost lower-cases setting keys in the stored config; accept both spellings.
    const get = (key: string): unknown => (key in src ? src[key] : src[key.toLowerCase()]);
    const text = (key: string): string | undefined => {
        const v = get(key);
        if (v === undefined || v === null || v === '') {
            return undefined;
        }
        if (typeof v !== 'string' || v.length > MAX_TEXT) {
            problems.push(`${key} must be a text of at most ${MAX_TEXT} characters; using the default`);
            return undefined;
        }
        return v.trim();
    };

    const zone = text('DefaultTimeZone');
    if (zone !== undefined) {
        const shown = zone.slice(0, 60);
        if (isValidTimeZone(zone)) {
            s.timeZone = zone;
        } else {
            problems.push(`DefaultTimeZone '${shown}' is not a known IANA time zone; using ${s.timeZone}`);
        }
    }
    const days = text('WorkingDays');
    if (days !== undefined) {
        const r = parseWorkingDays(days);
        if (r.ok) {
            s.workingDays = r.value;
        } else {
            problems.push(`WorkingDays: ${r.error}; using Mon-Fri`);
        }
    }
    const holidays = text('Holidays');
    if (holidays !== undefined) {
        const r = parseHolidays(holidays);
        if (r.ok) {
            s.holidays = r.value;
        } else {
            problems.push(`Holidays: ${r.error}; using no holidays`);
        }
    }
    const policy = text('ReleaseDayOnHoliday');
    if (policy !== undefined) {
        if (policy === 'reject' || policy === 'next' || policy === 'previous') {
            s.releaseDayPolicy = policy;
        } else {
            problems.push(`ReleaseDayOnHoliday must be reject, next or previous; using reject`);
        }
    }
    const reminders = get('RemindersEnabled');
    if (reminders !== undefined && reminders !== null) {
        if (typeof reminders === 'boolean') {
            s.remindersEnabled = reminders;
        } else if (reminders === 'true' || reminders === 'false') {
            s.remindersEnabled = reminders === 'true';
        } else {
            problems.push('RemindersEnabled must be true or false; using true');
        }
    }
    const hour = get('ReminderHour');
    if (hour !== undefined && hour !== null && hour !== '') {
        const n = typeof hour === 'number' ? hour : typeof hour === 'string' && /^\d{1,2}$/.test(hour.trim()) ? Number(hour) : NaN;
        if (Number.isInteger(n) && n >= 0 && n <= 23) {
            s.reminderHour = n;
        } else {
            problems.push('ReminderHour must be a whole hour from 0 to 23; using 9');
        }
    }
    s.announcementChannel = text('AnnouncementChannel') ?? '';
    s.releaseDiscussionChannel = text('ReleaseDiscussionChannel') ?? '';
    s.installersChannel = text('InstallersChannel') ?? '';
    const who = text('WhoCanStart');
    if (who !== undefined) {
        if (who === 'members' || who === 'listed') {
            s.whoCanStart = who;
        } else {
            problems.push('WhoCanStart must be members or listed; using members');
        }
    }
    const starters = text('AllowedStarters');
    if (starters !== undefined) {
        s.allowedStarters = starters.split(/[,\s]+/).map((u) => u.replace(/^@/, '').toLowerCase()).filter((u) => u !== '');
    }
    const roles = get('DefaultRoleAssignments');
    if (roles !== undefined && roles !== null && roles !== '') {
        const parsed = parseRoleAssignments(roles);
        if (parsed) {
            s.defaultRoles = parsed;
        } else {
            problems.push('DefaultRoleAssignments must be a JSON object of role id to a list of user ids; using none');
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
