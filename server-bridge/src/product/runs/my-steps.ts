// "My steps" across releases: every open step a person owns (a role they fill, or assigned to
// them) in every active run of a channel they are a member of, each run with what a link back
// to its channel needs. One answer for the RHS's "My steps" and `/release mine`.
import {attentionOf} from '../attention';
import type {Run} from '../model';
import type {PlatformApi} from '../platform';
import {applies, ownersOf, roleName, stepNumbers} from '../report/run-facts';

export interface MyStep {
    id: string;
    /** As `/release list` numbers it. */
    number: string;
    title: string;
    role: string;
    roleName: string;
    /** Today's due time for a daily step that is due today, else its due time. */
    dueAt: string;
    /** Whether it is in the run's Overdue or Due today (the shared attention rule). */
    attention: 'overdue' | 'today' | null;
}

/** Where a run lives and when it ships: what every cross-channel list shows of it. */
export interface RunPlace {
    runId: string;
    channelId: string;
    channelName: string;
    channelDisplayName: string;
    teamName: string;
    version: string;
    releaseDay: string;
    timeZone: string;
}

export interface MyRun extends RunPlace {
    steps: MyStep[];
}

export async function runPlace(api: Pick<PlatformApi, 'getChannel' | 'getTeam'>, run: Run): Promise<RunPlace> {
    const channel = await api.getChannel(run.channelId);
    const team = channel?.teamId ? await api.getTeam(channel.teamId) : null;
    return {
        runId: run.id, channelId: run.channelId, channelName: channel?.name ?? '', channelDisplayName: channel?.displayName || channel?.name || '',
        teamName: team?.name ?? '', version: run.version, releaseDay: run.releaseDay, timeZone: run.timeZone,
    };
}

/** The caller's open steps of one run, overdue first, then due today, then the rest by due time. */
export function myStepsOf(run: Run, userId: string, nowMs: number): MyStep[] {
    const numbers = stepNumbers(run);
    const attention = attentionOf(run, nowMs);
    const flagged = new Map<string, {dueAt: string; attention: 'overdue' | 'today'}>([
        ...attention.dueToday.map((s) => [s.id, {dueAt: s.dueAt, attention: 'today' as const}] as const),
        ...attention.overdue.map((s) => [s.id, {dueAt: s.dueAt, attention: 'overdue' as const}] as const),
    ]);
    const rank = (a: MyStep['attention']) => (a === 'overdue' ? 0 : a === 'today' ? 1 : 2);
    return run.steps
        .filter((s) => s.state === 'open' && applies(run, s) && ownersOf(run, s).includes(userId))
        .map((s) => ({
            id: s.id, number: numbers.get(s.id) ?? '', title: s.title, role: s.role, roleName: roleName(run, s.role),
            dueAt: flagged.get(s.id)?.dueAt ?? s.dueAt, attention: flagged.get(s.id)?.attention ?? null,
        }))
        .sort((a, b) => rank(a.attention) - rank(b.attention) || Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

/** Active runs of channels the caller is in, with at least one open step of theirs. */
export async function myRuns(api: Pick<PlatformApi, 'isChannelMember' | 'getChannel' | 'getTeam'>, runs: Run[], userId: string, nowMs: number): Promise<MyRun[]> {
    const out: MyRun[] = [];
    for (const run of runs) {
        if (run.status !== 'active') {
            continue;
        }
        const steps = myStepsOf(run, userId, nowMs);
        if (steps.length === 0 || !(await api.isChannelMember(run.channelId, userId))) {
            continue;
        }
        out.push({...await runPlace(api, run), steps});
    }
    return out.sort((a, b) => a.releaseDay.localeCompare(b.releaseDay) || a.version.localeCompare(b.version));
}
