import {DEFAULT_SETTINGS, parseSettings} from './settings';

describe('parseSettings', () => {
    it('uses the defaults for an empty configuration', () => {
        expect(parseSettings({})).toEqual({settings: DEFAULT_SETTINGS, problems: []});
        expect(parseSettings(null)).toEqual({settings: DEFAULT_SETTINGS, problems: []});
    });

    it('reads every setting, in either key spelling', () => {
        const {settings, problems} = parseSettings({
            DefaultTimeZone: 'Europe/Berlin', workingdays: 'Mon-Thu', Holidays: '2026-12-25\n2026-12-24', ReleaseDayOnHoliday: 'previous',
            RemindersEnabled: 'false', ReminderHour: '7', AnnouncementChannel: ' team/announcements ', WhoCanStart: 'listed',
            AllowedStarters: '@Alice, bob', DefaultRoleAssignments: '{"dev": ["u1", "u1", "u2"]}',
        });
        expect(problems).toEqual([]);
        expect(settings).toMatchObject({
            timeZone: 'Europe/Berlin', workingDays: [1, 2, 3, 4], holidays: ['2026-12-24', '2026-12-25'], releaseDayPolicy: 'previous',
            remindersEnabled: false, reminderHour: 7, announcementChannel: 'team/announcements', whoCanStart: 'listed',
            allowedStarters: ['alice', 'bob'], defaultRoles: {dev: ['u1', 'u2']},
        });
    });

    it('reports each bad value and keeps the default for it only', () => {
        const {settings, problems} = parseSettings({
            DefaultTimeZone: 'Atlantis', WorkingDays: 'Funday', Holidays: 'soon', ReleaseDayOnHoliday: 'maybe', RemindersEnabled: 3,
            ReminderHour: 24, WhoCanStart: 'robots', DefaultRoleAssignments: {dev: 'u1'}, InstallersChannel: {}, AllowedStarters: 'carol',
        });
        expect(problems).toHaveLength(9);
        expect(problems.join('\n')).toMatch(/DefaultTimeZone 'Atlantis'/);
        expect(settings).toEqual({...DEFAULT_SETTINGS, allowedStarters: ['carol']});
    });
});
