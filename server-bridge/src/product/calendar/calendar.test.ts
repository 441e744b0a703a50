// A run's calendar file read back with ical.js: milestones of the default template, the
// caller's own steps, wall-clock times across daylight-saving changes (through the file's own
// VTIMEZONE), UIDs stable across exports, escaping and folding of user text, and the route's
// answer (type, file name, access).
import path from 'path';
import {DateTime} from 'luxon';

import {attentionOf} from '../attention';
import {createHttpHandler} from '../http';
import type {Template} from '../model';
import {NO_ACCESS} from '../runs';
import {readDefaultTemplate} from '../template/default-template';
import {sampleTemplate} from '../testing/fixtures';
import {call} from '../testing/http-client';
import {readIcs} from '../testing/ics-reader';
import {CHANNEL, DEV, OUTSIDER, QA, RM, makeHarness, startInput, type Harness} from '../testing/service-harness';
import {vtimezone} from './vtimezone';

const repoRoot = path.resolve(__dirname, '../../../..');
const NY = 'America/New_York';

function defaultRunInput(releaseDay: string) {
    return startInput({
        releaseDay, timeZone: NY, conditions: {'during-regular-release': false, 'researcher-needs-mug': true},
        roles: {'release-manager': [RM], dev: [DEV], qa: [QA], marketing: [DEV]},
    });
}

async function start(h: Harness, input = defaultRunInput('2026-11-03')) {
    return h.service.startRun(RM, input, 'rhs');
}

function handlerOf(h: Harness) {
    return createHttpHandler({api: h.platform, service: h.service, templates: h.templates, now: () => h.clock.now});
}

/** The wall-clock time of a UTC instant in a zone, 'YYYY-MM-DDTHH:mm'. */
function wall(utc: string, zone: string): string {
    return DateTime.fromISO(utc, {zone}).toFormat("yyyy-LL-dd'T'HH:mm");
}

describe('run calendar', () => {
    it('has one event per milestone of the default template, at the same wall-clock time across the November change', async () => {
        const h = makeHarness({template: readDefaultTemplate(repoRoot)});
        const run = await start(h);
        const file = await h.service.calendar(DEV, run.id, 'milestones');
        expect(file.filename).toBe('release-1.1.1-milestones.ics');
        const cal = readIcs(file.text);
        expect(cal.timezones).toEqual([NY]);
        expect(cal.name).toBe('Release 1.1.1 milestones');
        expect(cal.events.map((e) => [e.summary.replace(/^Release 1\.1\.1: /, ''), e.local])).toEqual([
            ['T-4, A. Code complete', '2026-10-28T17:00'],
            ['T-3, B. Release candidate cut', '2026-10-29T17:00'],
            ['T-2, C. Release candidate testing', '2026-10-30T17:00'],
            ['T-0, release day, D. Release build cut', '2026-11-03T17:00'],
            // 08:00 in Los Angeles, written in the run's zone.
            ['Schedule the reviewed blog post, email and tweet', '2026-11-04T11:00'],
            ['Publish the Mattermost Security Updates post', '2026-12-03T17:00'],
        ]);
        // Daylight saving ended on 1 November: 17:00 stays 17:00, the instant moves by an hour.
        expect(cal.events[0].utc).toBe('2026-10-28T21:00:00.000Z');
        expect(cal.events[3].utc).toBe('2026-11-03T22:00:00.000Z');
        for (const e of cal.events) {
            expect(e.tzid).toBe(NY);
            // The instant ical.js computes from the file's VTIMEZONE is the run's own due time.
            expect(wall(e.utc, NY)).toBe(e.local);
            expect(e.url).toBe('http://localhost:8065/team-one/channels/chan1');
            expect(e.description).toContain('Open the release: http://localhost:8065/team-one/channels/chan1');
            expect(e.status).toBe('CONFIRMED');
        }
        const blog = run.steps.find((s) => s.id === 'publish-release-announcements')!;
        expect(cal.events[4].utc).toBe(new Date(blog.dueAt).toISOString());
        expect(cal.events[0].description).toContain('- Tell the community a security release is coming (Release Manager)');
    });

    it('keeps 17:00 across the March change too, and its VTIMEZONE names both observances', async () => {
        const h = makeHarness({template: readDefaultTemplate(repoRoot)});
        // Sunday 8 March 2026 the clocks go forward: T-4 is Thursday 5 March (EST), T-0 Wednesday 11 March (EDT).
        const run = await start(h, defaultRunInput('2026-03-11'));
        const file = await h.service.calendar(DEV, run.id, 'milestones');
        const cal = readIcs(file.text);
        const t4 = cal.events.find((e) => e.summary.includes('T-4'))!;
        const t0 = cal.events.find((e) => e.summary.includes('T-0'))!;
        expect([t4.local, t4.utc]).toEqual(['2026-03-05T17:00', '2026-03-05T22:00:00.000Z']);
        expect([t0.local, t0.utc]).toEqual(['2026-03-11T17:00', '2026-03-11T21:00:00.000Z']);
        expect(file.text).toContain('BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nEND:DAYLIGHT');
        expect(file.text).toContain('BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nEND:STANDARD');
    });

    it('writes a VTIMEZONE whose offsets agree with the zone data on every day of the year', () => {
        for (const zone of ['Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Santiago']) {
            const from = Date.parse('2027-06-01T00:00:00Z');
            // Each local noon of 2027, one event each, placed by ical.js through the VTIMEZONE alone.
            const noons: DateTime[] = [];
            for (let day = DateTime.fromISO('2027-01-01', {zone}); day.year === 2027; day = day.plus({days: 1})) {
                noons.push(day.set({hour: 12}));
            }
            const events = noons.flatMap((n, i) => ['BEGIN:VEVENT', `UID:${i}`, 'DTSTAMP:20270101T000000Z', `DTSTART;TZID=${zone}:${n.toFormat("yyyyLLdd'T'HHmmss")}`, 'END:VEVENT']);
            const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', vtimezone(zone, from, from)!, ...events, 'END:VCALENDAR', ''].join('\r\n');
            const cal = readIcs(text);
            expect(cal.timezones).toEqual([zone]);
            expect(cal.events.map((e) => `${zone} ${e.local} ${e.utc}`)).toEqual(noons.map((n) => `${zone} ${n.toFormat("yyyy-LL-dd'T'HH:mm")} ${n.toUTC().toISO()}`));
        }
    });

    it("lists the caller's own steps: a role they fill or assigned to them, with closed and dropped ones marked", async () => {
        const h = makeHarness({template: readDefaultTemplate(repoRoot)});
        const run = await start(h);
        await h.service.markDone(DEV, run.id, 'hotfix-prs', {source: 'rhs'});
        await h.service.assign(RM, run.id, 'update-changelog', QA, 'rhs');
        const mine = readIcs((await h.service.calendar(QA, run.id, 'mine')).text);
        const qaSteps = run.steps.filter((s) => s.role === 'qa' && !s.assignee).map((s) => s.id);
        expect(mine.events.map((e) => e.uid).sort()).toEqual(
            [...qaSteps, 'update-changelog'].map((id) => `${run.id}.${encodeURIComponent(`step-${id}`)}@release-checklist.mattermost`).sort());
        // The question answered no takes its step out: it stays in the file as cancelled, so a re-import drops it.
        const cancelled = mine.events.find((e) => e.uid.includes('point-test-servers'))!;
        expect(cancelled.status).toBe('CANCELLED');
        const devFile = readIcs((await h.service.calendar(DEV, run.id, 'mine')).text);
        expect(devFile.events.find((e) => e.uid.includes('hotfix-prs'))!.summary).toBe('Release 1.1.1: Open the hotfix pull requests against the release branch (done)');
        expect(devFile.name).toBe('Release 1.1.1: my steps');
        expect(devFile.events.some((e) => e.uid.includes('update-changelog'))).toBe(false);
        for (const e of [...mine.events, ...devFile.events]) {
            expect(wall(e.utc, NY)).toBe(e.local);
        }
    });

    it("makes a daily step of mine one recurring event: each working day from its first to its last, holidays left out, as the attention rule has it due", async () => {
        const h = makeHarness({template: readDefaultTemplate(repoRoot)});
        // Release Wednesday 4 November with Friday 30 October a holiday: T-4 is Wednesday 28 October.
        const run = await start(h, {...defaultRunInput('2026-11-04'), holidays: ['2026-10-30']});
        const cal = readIcs((await h.service.calendar(DEV, run.id, 'mine')).text);
        const merge = cal.events.find((e) => e.uid.includes('merge-back'))!;
        expect(merge.rrule).toMatch(/FREQ=DAILY/);
        const expected = ['2026-10-28', '2026-10-29', '2026-11-02', '2026-11-03', '2026-11-04'];
        expect(merge.occurrences!.map((o) => wall(o, NY))).toEqual(expected.map((d) => `${d}T17:00`));
        // 17:00 in New York on both sides of the change on Sunday 1 November.
        expect(merge.occurrences![0]).toBe('2026-10-28T21:00:00.000Z');
        expect(merge.occurrences!.at(-1)).toBe('2026-11-04T22:00:00.000Z');
        // The shared attention rule has it due on exactly those days (checked at noon of each day of the range).
        const step = (await h.service.getRun(DEV, run.id)).steps.find((s) => s.id === 'merge-back')!;
        const due: string[] = [];
        for (let day = DateTime.fromISO('2026-10-26', {zone: NY}); day.toISODate()! <= '2026-11-06'; day = day.plus({days: 1})) {
            const noon = day.set({hour: 12}).toMillis();
            if (attentionOf({...run, steps: [step]}, noon).dueToday.length > 0) {
                due.push(day.toISODate()!);
            }
        }
        expect(due).toEqual(expected);
    });

    it('keeps UIDs across exports: the same bytes for an unchanged run, a higher SEQUENCE and a newer DTSTAMP after a change', async () => {
        const h = makeHarness();
        const run = await start(h, startInput({timeZone: NY, releaseDay: '2026-11-03'}));
        const first = await h.service.calendar(DEV, run.id, 'milestones');
        h.clock.now = new Date('2026-03-03T09:00:00Z');
        const again = await h.service.calendar(DEV, run.id, 'milestones');
        expect(again.text).toBe(first.text);
        await h.service.moveReleaseDay(RM, run.id, '2026-11-10', 'rhs');
        const moved = readIcs((await h.service.calendar(DEV, run.id, 'milestones')).text);
        const before = readIcs(first.text);
        expect(moved.events.map((e) => e.uid)).toEqual(before.events.map((e) => e.uid));
        expect(new Set(before.events.map((e) => e.uid)).size).toBe(before.events.length);
        expect(moved.events[0].sequence).toBeGreaterThan(before.events[0].sequence);
        expect(moved.events[0].stamp).toBe('2026-03-03T09:00:00Z');
        expect(before.events[0].stamp).toBe('2026-03-02T12:00:00Z');
        expect(moved.events.find((e) => e.summary.includes('T-0'))!.local).toBe('2026-11-10T17:00');
        // The sample template: three phases and the blog post (the daily merge-back is no milestone).
        expect(before.events.map((e) => e.uid.split('.')[1].split('@')[0])).toEqual(['phase-a', 'phase-b', 'phase-d', 'milestone-blog']);
    });

    it('covers only the years around the release day in its VTIMEZONE, however far off a due time is set', async () => {
        const h = makeHarness();
        const run = await start(h, startInput({timeZone: NY, releaseDay: '2026-11-03'}));
        await h.service.setDue(RM, run.id, 'fixes-merged', '2199-12-31T17:00:00.000Z', 'rhs');
        const file = await h.service.calendar(DEV, run.id, 'mine');
        // New York changes offset twice a year: seven years around the release at most, not two centuries.
        const observances = file.text.split('\r\n').filter((l) => l === 'BEGIN:STANDARD' || l === 'BEGIN:DAYLIGHT').length;
        expect(observances).toBeGreaterThan(2);
        expect(observances).toBeLessThanOrEqual(2 * 7 + 1);
        const far = readIcs(file.text).events.find((e) => e.uid.includes('fixes-merged'))!;
        expect(far.local.startsWith('2199-12-31')).toBe(true);
    });

    it('escapes and folds user text: commas, semicolons, backslashes, line breaks, long lines and wide characters', async () => {
        const odd = 'Tell A, B; C \\ D: ünïcødé 🚀 and a very long title that goes on past the seventy-five octets a line may hold';
        const template: Template = sampleTemplate();
        template.phases[0].steps[0] = {...template.phases[0].steps[0], title: odd, description: 'line one\nline two; with, marks\u0007'};
        const h = makeHarness({template});
        const run = await start(h, startInput());
        const file = await h.service.calendar(DEV, run.id, 'mine');
        const lines = file.text.split('\r\n');
        expect(file.text.endsWith('\r\n')).toBe(true);
        expect(file.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
        for (const line of lines) {
            expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
        }
        const unfolded = file.text.replace(/\r\n /g, '');
        expect(unfolded).toContain('SUMMARY:Release 1.1.1: Tell A\\, B\\; C \\\\ D: ünïcødé 🚀');
        const event = readIcs(file.text).events.find((e) => e.uid.includes('fixes-merged'))!;
        expect(event.summary).toBe(`Release 1.1.1: ${odd}`);
        expect(event.description).toContain('line one\nline two; with, marks\n');
        expect(event.description).not.toContain('\u0007');
    });

    it('answers the file with its type and name, 400 for a bad mine, and the same 403 to a non-member as for an unknown run', async () => {
        const h = makeHarness();
        const run = await start(h, startInput());
        const handler = handlerOf(h);
        const ok = await call(handler, 'GET', `/api/v1/runs/${run.id}/calendar.ics`, {userId: DEV});
        expect(ok.status).toBe(200);
        expect(ok.headers['content-type']).toBe('text/calendar; charset=utf-8');
        expect(ok.headers['content-disposition']).toBe('attachment; filename="release-1.1.1-milestones.ics"');
        expect(ok.text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
        const mine = await call(handler, 'GET', `/api/v1/runs/${run.id}/calendar.ics?mine=1`, {userId: DEV});
        expect(mine.headers['content-disposition']).toBe('attachment; filename="release-1.1.1-my-steps.ics"');
        expect(readIcs(mine.text).events.length).toBeGreaterThan(0);
        expect((await call(handler, 'GET', `/api/v1/runs/${run.id}/calendar.ics?mine=yes`, {userId: DEV})).json).toEqual({error: 'mine must be 1 (your steps) or 0 (the milestones)', field: 'mine'});
        for (const runId of [run.id, 'unknownrun']) {
            for (const q of ['', '?mine=1']) {
                const denied = await call(handler, 'GET', `/api/v1/runs/${runId}/calendar.ics${q}`, {userId: OUTSIDER});
                expect([runId, q, denied.status, denied.json]).toEqual([runId, q, 403, {error: NO_ACCESS}]);
                expect(denied.text).not.toContain('VCALENDAR');
            }
        }
        expect((await call(handler, 'GET', `/api/v1/runs/${run.id}/calendar.ics`, {})).status).toBe(401);
        expect(CHANNEL).toBe(run.channelId);
    });
});
