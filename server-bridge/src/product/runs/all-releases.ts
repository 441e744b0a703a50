// "All my releases": every active run of a channel the viewer is a member of, across teams,
// with its progress, its health and the viewer's next step. Membership is checked run by run
// (only the page's channels and teams are looked up), so a run of a channel the viewer is
// not in is never listed or counted.
import {attentionOf, dayIn} from '../attention';
import type {Run} from '../model';
import type {PlatformApi} from '../platform';
import type {RunMeta} from '../store';
import {progressOf, type Progress} from '../progress';
import {myStepsOf, runPlace, type MyStep, type RunPlace} from './my-steps';

/** on-track: nothing overdue; at-risk: a step is overdue; late: the release day has passed. */
export type ReleaseHealth = 'on-track' | 'at-risk' | 'late';

export interface ReleaseOverview extends RunPlace {
    progress: Progress;
    health: ReleaseHealth;
    /** Open steps past due (the shared attention rule). */
    overdue: number;
    /** The viewer's first open step (overdue first, then due today, then by due time), if any. */
    nextStep: MyStep | null;
}

export interface AllReleases {
    releases: ReleaseOverview[];
    /** Every active release the viewer can see; `releases` is the page from `offset`. */
    total: number;
    offset: number;
    /** More releases follow this page: ask again with offset + releases.length. */
    more: boolean;
}

export const ALL_RELEASES_PAGE = 50;
export const MAX_ALL_RELEASES_PAGE = 100;

export function healthOf(run: Run, nowMs: number): {health: ReleaseHealth; overdue: number} {
    const overdue = attentionOf(run, nowMs).overdue.length;
    if (dayIn(nowMs, run.timeZone) > run.releaseDay) {
        return {health: 'late', overdue};
    }
    return {health: overdue > 0 ? 'at-risk' : 'on-track', overdue};
}

/** The runs (heads suffice) of channels the viewer is a member of; one membership check per channel. */
export async function visibleTo<T extends Pick<Run, 'channelId'>>(api: Pick<PlatformApi, 'isChannelMember'>, runs: T[], userId: string): Promise<T[]> {
    const membership = new Map<string, boolean>();
    const visible: T[] = [];
    for (const run of runs) {
        let member = membership.get(run.channelId);
        if (member === undefined) {
            member = await api.isChannelMember(run.channelId, userId);
            membership.set(run.channelId, member);
        }
        if (member) {
            visible.push(run);
        }
    }
    return visible;
}

/**
 * One page of the viewer's active releases. Filtering, sorting and paging use the runs' heads
 * (no steps); only the page's runs are read whole.
 */
export async function allReleases(
    api: Pick<PlatformApi, 'isChannelMember' | 'getChannel' | 'getTeam'>, heads: RunMeta[], load: (runId: string) => Promise<Run | null>,
    userId: string, nowMs: number, page: {offset: number; limit: number},
): Promise<AllReleases> {
    const visible = await visibleTo(api, heads.filter((h) => h.status === 'active'), userId);
    visible.sort((a, b) => a.releaseDay.localeCompare(b.releaseDay) || a.version.localeCompare(b.version) || a.id.localeCompare(b.id));
    const shown = visible.slice(page.offset, page.offset + page.limit);
    const releases: ReleaseOverview[] = [];
    for (const head of shown) {
        const run = await load(head.id);
        if (!run) {
            continue; // archived or gone since the heads were read
        }
        releases.push({
            ...await runPlace(api, run),
            progress: progressOf(run), ...healthOf(run, nowMs), nextStep: myStepsOf(run, userId, nowMs)[0] ?? null,
        });
    }
    return {releases, total: visible.length, offset: page.offset, more: page.offset + shown.length < visible.length};
}
