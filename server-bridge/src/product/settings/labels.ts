// The System Console's words for each plugin setting (plugin.json display_name without the
// colon): every message about a setting names it this way, never by its config key, so an
// admin can find the field. Dependency-free: the webapp imports it too.

export const SETTING_LABELS: Readonly<Record<string, string>> = {
    DefaultTimeZone: 'Default time zone',
    WorkingDays: 'Working days',
    Holidays: 'Holidays',
    ReleaseDayOnHoliday: 'Release day on a holiday or weekend',
    RemindersEnabled: 'Send reminders',
    ReminderHour: 'Reminder hour',
    AnnouncementChannel: 'Announcements channel',
    ReleaseDiscussionChannel: 'Release discussion channel',
    InstallersChannel: 'Installers and images channel',
    WhoCanStart: 'Who may start a release',
    AllowedStarters: 'Users who may start a release',
    DefaultRoleAssignments: 'Default role assignments',
};

/** The console label of a settings key (either spelling), or the key itself for one it does not know. */
export function settingLabel(key: string): string {
    const known = Object.keys(SETTING_LABELS).find((k) => k.toLowerCase() === key.toLowerCase());
    return known ? SETTING_LABELS[known] : key;
}
