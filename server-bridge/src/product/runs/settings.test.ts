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
        expect(problems.map((p) => p.key)).toEqual([
            'DefaultTimeZone', 'WorkingDays', 'Holidays', 'ReleaseDayOnHoliday', 'RemindersEnabled', 'ReminderHour', 'InstallersChannel',
            'WhoCanStart', 'DefaultRoleAssignments',
        ]);
        expect(settings).toEqual({...DEFAULT_SETTINGS, allowedStarters: ['carol']});
    });

    it('says, in the System Console words, which setting, the bad value and what is used instead', () => {
        const {problems} = parseSettings({DefaultTimeZone: 'Mars/Base', WorkingDays: 'Funday', ReminderHour: 24, RemindersEnabled: 'yes'});
        expect(problems.map((p) => p.message)).toEqual([
            'Default time zone: "Mars/Base" is not a time zone; using America/Los_Angeles',
            expect.stringMatching(/^Working days: "Funday" is not accepted \(working day 'Funday' is not a weekday.*\); using Mon,Tue,Wed,Thu,Fri$/),
            'Send reminders: "yes" is not true or false; using true',
            'Reminder hour: 24 is not a whole hour from 0 to 23; using 9',
        ]);
    });

    it('quotes only the start of a long or odd bad value', () => {
        const long = `Mars/${'x'.repeat(5000)}`;
        const {problems} = parseSettings({DefaultTimeZone: long, DefaultRoleAssignments: {dev: 'u'.repeat(500)}, InstallersChannel: 12});
        expect(problems).toHaveLength(3);
        for (const p of problems) {
            expect(p.message.length).toBeLessThan(200);
        }
        expect(problems[0].message).toContain('"Mars/xxxx');
        expect(problems[1].message).toMatch(/^Installers and images channel: 12 is not a text/);
        expect(problems[2].message).toMatch(/^Default role assignments: \{"dev":"uuu.*…/);
    });

    it('drops only the bad holiday line and keeps every other holiday', () => {
        const {settings, problems} = parseSettings({Holidays: '2026-12-24\n2026-13-01\n2026-12-25, 2026-12-31'});
        expect(settings.holidays).toEqual(['2026-12-24', '2026-12-25', '2026-12-31']);
        expect(problems).toEqual([{
            key: 'Holidays',
            message: 'Holidays: line 2, "2026-13-01" is not accepted (holiday \'2026-13-01\' is not a date in the form YYYY-MM-DD); that entry is ignored, the other holidays are used',
        }]);
    });

    it('drops only the bad working day entry; with no good entry it uses the default', () => {
        const partial = parseSettings({WorkingDays: 'Mon,Tue,Funday,Thu'});
        expect(partial.settings.workingDays).toEqual([1, 2, 4]);
        expect(partial.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^Working days: "Funday" is not accepted .*; that entry is ignored$/)]);
        expect(parseSettings({WorkingDays: ' , '}).problems.map((p) => p.message)).toEqual(['Working days: "," names no working day; using Mon,Tue,Wed,Thu,Fri']);
    });

    it('names a channel setting that is neither team/channel nor an id by its console label, and keeps it as typed', () => {
        const {settings, problems} = parseSettings({AnnouncementChannel: 'town square', InstallersChannel: 'core/installers'});
        expect(problems).toEqual([{key: 'AnnouncementChannel', message: expect.stringMatching(/^Announcements channel: "town square" is neither team-name\/channel-name nor a channel id/)}]);
        expect(settings.announcementChannel).toBe('town square');
        expect(settings.installersChannel).toBe('core/installers');
    });
});

