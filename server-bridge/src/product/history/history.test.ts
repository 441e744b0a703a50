import {RunService} from '../runs';
import {MemoryKV} from '../store';
import {CHANNEL, DEV, OTHER_CHANNEL, OUTSIDER, QA, RM, makeHarness, startInput} from '../testing/service-harness';

import {formatHours} from './format';
import {HISTORY_VERSION, historyKey, parseHistory, withRun, type HistoryRecord} from './record';
import {HistoryService} from './service';
import {HistoryStore} from './store';
import {median, summarizeHistory} from './summarize';
import {fixtureRun, fixtureRuns} from './test-fixtures';

const byId = <T extends {stepId?: string; role?: string; phaseId?: string}>(items: T[], key: keyof T, id: string): T => {
    const found = items.find((i) => i[key] === id);
    if (!found) {
        throw new Error(`no ${String(key)} ${id}`);
    }
    return found;
};

describe('release history summary over four finished releases', () => {
    const h = summarizeHistory('security-release', 'Security release', fixtureRuns());

    test('per step: samples, late count, median and worst lateness; skipped steps counted apart', () => {
        expect(byId(h.steps, 'stepId', 'rc-test')).toMatchObject({samples: 4, late: 3, medianHours: 24, worstHours: 48, roleName: 'QA'});
        // Closed 2 hours early counts as on time, not as negative lateness.
        expect(byId(h.steps, 'stepId', 'merge')).toMatchObject({samples: 4, late: 1, medianHours: 0, worstHours: 3});
        expect(byId(h.steps, 'stepId', 'cut-build')).toMatchObject({samples: 4, late: 1, medianHours: 0, worstHours: 2});
        expect(byId(h.steps, 'stepId', 'announce')).toMatchObject({samples: 3, late: 0, skipped: 1, worstHours: 0});
        // Latest first: the median, then the worst.
        expect(h.steps.map((s) => s.stepId)).toEqual(['rc-test', 'merge', 'cut-build', 'announce']);
        expect(byId(h.steps, 'stepId', 'rc-test').recent.map((r) => r.lateHours)).toEqual([24, 0, 48, 24]);
    });

    test('by role', () => {
        expect(h.roles[0]).toMatchObject({role: 'qa', roleName: 'QA', samples: 4, late: 3, medianHours: 24, worstHours: 48});
        expect(byId(h.roles, 'role', 'dev')).toMatchObject({late: 1, medianHours: 0, worstHours: 3});
        expect(byId(h.roles, 'role', 'marketing')).toMatchObject({samples: 3, late: 0});
    });

    test('phase durations against plan: median and worst of the four releases', () => {
        const [a, b, c] = h.phases;
        expect(h.phases.map((p) => [p.label, p.plan])).toEqual([['A', 'T-2'], ['B', 'T-1'], ['C', 'T-0']]);
        // A: 22 h, 24 h, 27 h, 24 h after the start; planned 24 h.
        expect(a).toMatchObject({plannedDays: 1, actualDays: 1, worstActualDays: 1.13, releases: 4});
        // B ends with the RC tests: 50 h, 24 h, 69 h, 48 h after A ended; median (48 + 50) / 2 h.
        expect(b).toMatchObject({plannedDays: 1, actualDays: 2.04, worstActualDays: 2.88, late: 4, samples: 8, medianHours: 1, worstHours: 48});
        // C: 0 h, 17 h (the skip), 0 h (B overran it), 0 h.
        expect(c).toMatchObject({plannedDays: 1, actualDays: 0, worstActualDays: 0.71});
    });

    test('one point per release for the trend, oldest first', () => {
        expect(h.releases.map((r) => [r.version, r.late, r.samples, r.medianHours, r.worstHours])).toEqual([
            ['1.0.1', 2, 4, 1, 24], ['1.0.2', 0, 3, 0, 0], ['1.0.3', 2, 4, 1.5, 48], ['1.0.4', 1, 4, 0, 24],
        ]);
    });

    test('insight sentences from the figures', () => {
        expect(h.insights).toEqual([
            'QA’s “Test the release candidate” slipped in 3 of the last 4 releases it was done in, by a median of a day (worst 2 days).',
            'Phase B (RC testing) took a median of 2 days against a day planned for T-1, over 4 releases.',
            'QA closed 3 of 4 steps late, the largest share of any role (median a day, worst 2 days).',
            'Release 1.0.4 had 1 late step, fewer than the median of 2 in the 3 releases before it.',
        ]);
    });

    test('the sentences follow the data: a release where every step is on time', () => {
        const onTime = fixtureRuns().map((r) => ({...r, steps: r.steps.map((s) => ({...s, closedAt: s.dueAt}))}));
        const s = summarizeHistory('t', 'T', onTime);
        expect(s.insights).toEqual([
            'Release 1.0.4 had 0 late steps, as many as the median of 0 in the 3 releases before it.',
            'Every step done in the last 4 releases was closed on time.',
        ]);
        expect(summarizeHistory('t', 'T', []).insights).toEqual([]);
    });

    test('a step that always slips says so', () => {
        const runs = fixtureRuns().slice(2);
        const s = summarizeHistory('t', 'T', runs);
        expect(s.insights[0]).toBe('QA’s “Test the release candidate” slipped in all of the last 2 releases it was done in, by a median of 1.5 days (worst 2 days).');
    });

    test('median and duration wording', () => {
        expect(median([3, 1, 2])).toBe(2);
        expect(median([4, 1, 2, 3])).toBe(2.5);
        expect(median([])).toBe(0);
        expect([0, 0.25, 1, 5.4, 23, 36, 48].map(formatHours)).toEqual(['on time', '15 min', '1 hour', '5 hours', 'a day', '1.5 days', '2 days']);
    });
});

describe('the history record', () => {
    test('keeps the newest runs, bounded in count and in bytes, replacing a run recorded again', () => {
        let record: HistoryRecord = {schemaVersion: HISTORY_VERSION, templateId: 't', runs: []};
        for (let k = 1; k <= 6; k++) {
            record = withRun(record, fixtureRun(k), 4);
        }
        expect(record.runs.map((r) => r.version)).toEqual(['1.0.3', '1.0.4', '1.0.5', '1.0.6']);
        record = withRun(record, {...fixtureRun(5), version: 'again'}, 4);
        expect(record.runs.map((r) => r.version)).toEqual(['1.0.3', '1.0.4', 'again', '1.0.6']);
        const one = new TextEncoder().encode(JSON.stringify(fixtureRun(1))).length;
        const small = withRun(record, fixtureRun(7), 4, one * 2 + 200);
        expect(small.runs.map((r) => r.version)).toEqual(['1.0.6', '1.0.7']);
    });

    test('a record from a newer plugin or of the wrong shape is refused, never half-read', () => {
        expect(() => parseHistory('hist:t', {schemaVersion: 2, templateId: 't', runs: []})).toThrow(/newer than this plugin/);
        expect(() => parseHistory('hist:t', {schemaVersion: 1, templateId: 't', runs: [{runId: 1}]})).toThrow(/not a release history/);
        expect(parseHistory('hist:t', {schemaVersion: 1, templateId: 't', runs: fixtureRuns()}).runs).toHaveLength(4);
    });
});

describe('history service', () => {
    function setup() {
        const h = makeHarness();
        const store = new HistoryStore(h.platform.kv);
        let history: HistoryService | null = null;
        const service = new RunService({
            api: h.platform, runs: h.runs, templates: h.templates, settings: () => h.settings, now: () => h.clock.now,
            onEvents: (run, events) => history?.onRunEvents(run, events) ?? Promise.resolve(),
        });
        history = new HistoryService({api: h.platform, store, runs: service});
        return {...h, service, store, history};
    }

    async function seed(kv: MemoryKV, runs = fixtureRuns()): Promise<void> {
        await kv.set(historyKey('security-release'), new TextEncoder().encode(JSON.stringify({schemaVersion: 1, templateId: 'security-release', runs})));
    }

    test('a finished run is recorded in its template\'s history with its steps\' due and close times', async () => {
        const {service, store, history, clock} = setup();
        const run = await service.startRun(RM, startInput(), 'rhs');
        clock.now = new Date('2026-03-10T20:00:00Z');
        await service.markDone(DEV, run.id, 'fixes-merged', {source: 'rhs'});
        expect(await store.read('security-release')).toEqual([]);
        await service.finish(RM, run.id, 'rhs');
        const [recorded] = await store.read('security-release');
        expect(recorded).toMatchObject({runId: run.id, channelId: CHANNEL, version: '1.1.1', finishedAt: '2026-03-10T20:00:00.000Z'});
        const merged = recorded.steps.find((s) => s.id === 'fixes-merged');
        expect(merged).toMatchObject({state: 'done', closedAt: '2026-03-10T20:00:00.000Z', dueAt: run.steps.find((s) => s.id === 'fixes-merged')?.dueAt});
        // The step whose question was answered no was not part of the release.
        expect(recorded.steps.some((s) => s.id === 'tell-regular')).toBe(false);
        const summary = await history.forViewer(QA, 'security-release');
        expect(summary.releases.map((r) => r.version)).toEqual(['1.1.1']);
    });

    test('counts only runs of channels the viewer is in', async () => {
        const {platform, history} = setup();
        await seed(platform.kv, [fixtureRun(1, CHANNEL), fixtureRun(2, OTHER_CHANNEL), fixtureRun(3, CHANNEL)]);
        expect((await history.forViewer(QA, 'security-release')).releases.map((r) => r.version)).toEqual(['1.0.1', '1.0.3']);
        expect((await history.forViewer(OUTSIDER, 'security-release')).releases.map((r) => r.version)).toEqual(['1.0.2']);
    });

    test('a named channel adds its finished runs of the template (runs finished before the history was kept); a channel the viewer is not in is refused', async () => {
        const h = setup();
        const run = await h.service.startRun(RM, startInput(), 'rhs');
        await h.service.startRun(RM, startInput({version: '1.1.2'}), 'rhs');
        h.clock.now = new Date('2026-03-12T20:00:00Z');
        // The harness's own service has no history hook: as a run finished before the history existed.
        const unhooked = makeHarness();
        const old = new RunService({api: h.platform, runs: h.runs, templates: h.templates, settings: () => unhooked.settings, now: () => h.clock.now});
        await old.finish(RM, run.id, 'rhs');
        expect(await h.store.read('security-release')).toEqual([]);
        expect((await h.history.forViewer(QA, 'security-release')).releases).toEqual([]);
        const withChannel = await h.history.forViewer(QA, 'security-release', CHANNEL);
        expect(withChannel.releases.map((r) => r.version)).toEqual(['1.1.1']);
        expect(withChannel.templateName).toBe('Security release');
        await expect(h.history.forViewer(OUTSIDER, 'security-release', CHANNEL)).rejects.toMatchObject({kind: 'forbidden'});
        await expect(h.history.forViewer(QA, '../x')).rejects.toMatchObject({kind: 'invalid', field: 'template_id'});
    });

    test('a corrupt history record is logged and left as it is; the channel\'s runs still answer', async () => {
        const {platform, history, service, clock} = setup();
        await platform.kv.set(historyKey('security-release'), new TextEncoder().encode('{"schemaVersion":1,"runs":"no"}'));
        const run = await service.startRun(RM, startInput(), 'rhs');
        clock.now = new Date('2026-03-12T20:00:00Z');
        await service.finish(RM, run.id, 'rhs');
        expect((await history.forViewer(QA, 'security-release', CHANNEL)).releases).toHaveLength(1);
        expect(new TextDecoder().decode((await platform.kv.get(historyKey('security-release')))!)).toBe('{"schemaVersion":1,"runs":"no"}');
        expect(platform.logs.some((l) => /release history/.test(l.message))).toBe(true);
    });
});
