// Four finished releases of one template with known lateness, for the history's tests (server
// and webapp). Each release k (1.0.1 ... 1.0.4) starts the evening before its day D, one week
// apart; phases A (T-2), B (T-1), C (T-0) are planned one day each. Hours late per step:
//
//   step                 role        1.0.1   1.0.2     1.0.3   1.0.4
//   merge     (A)        Dev         -2 (0)  0         3       0
//   rc-test   (B)        QA          24      0         48      24
//   cut-build (B)        Build       2       0         0       0
//   announce  (C)        Marketing   0       skipped   0       0
import type {HistoryRun, HistoryStep} from './record';

const HOUR = 3_600_000;
const ROLE_NAMES = {dev: 'Dev', qa: 'QA', build: 'Build', marketing: 'Marketing', 'release-manager': 'Release Manager'};

/** Hours late per release (null: skipped), in the order of the table above. */
export const FIXTURE_LATENESS: Record<string, Array<number | null>> = {
    merge: [-2, 0, 3, 0],
    'rc-test': [24, 0, 48, 24],
    'cut-build': [2, 0, 0, 0],
    announce: [0, null, 0, 0],
};

const STEPS = [
    {id: 'merge', title: 'Merge the fixes', phaseId: 'a', role: 'dev', dueHours: 17},
    {id: 'rc-test', title: 'Test the release candidate', phaseId: 'b', role: 'qa', dueHours: 24 + 17},
    {id: 'cut-build', title: 'Cut the release build', phaseId: 'b', role: 'build', dueHours: 24 + 12},
    {id: 'announce', title: 'Announce the release', phaseId: 'c', role: 'marketing', dueHours: 48 + 17},
];

const iso = (ms: number): string => new Date(ms).toISOString();

export function fixtureRun(k: number, channelId = 'chan1', extra: Partial<HistoryRun> = {}): HistoryRun {
    const day = Date.parse('2026-01-05T00:00:00Z') + (k - 1) * 7 * 24 * HOUR;
    const steps: HistoryStep[] = STEPS.map((s) => {
        const due = day + s.dueHours * HOUR;
        // Releases past the fourth are on time.
        const late = k <= 4 ? FIXTURE_LATENESS[s.id][k - 1] : 0;
        return late === null
            ? {id: s.id, title: s.title, phaseId: s.phaseId, role: s.role, dueAt: iso(due), closedAt: iso(due - 7 * HOUR), state: 'skipped'}
            : {id: s.id, title: s.title, phaseId: s.phaseId, role: s.role, dueAt: iso(due), closedAt: iso(due + late * HOUR), state: 'done'};
    });
    return {
        runId: `run${k}`, channelId, version: `1.0.${k}`, releaseDay: iso(day + 48 * HOUR).slice(0, 10),
        templateName: 'Security release', createdAt: iso(day - 7 * HOUR), finishedAt: iso(day + 80 * HOUR), roleNames: {...ROLE_NAMES},
        phases: [
            {id: 'a', label: 'A', title: 'Code complete', offset: {unit: 'working', days: -2}},
            {id: 'b', label: 'B', title: 'RC testing', offset: {unit: 'working', days: -1}},
            {id: 'c', label: 'C', title: 'Release', offset: {unit: 'working', days: 0}},
        ],
        steps,
        ...extra,
    };
}

export function fixtureRuns(channelId = 'chan1'): HistoryRun[] {
    return [1, 2, 3, 4].map((k) => fixtureRun(k, channelId));
}
