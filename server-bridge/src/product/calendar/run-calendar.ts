// A run's calendar file: its milestones, or the steps one person owns, as iCalendar text
// with a safe file name. The caller has already been checked against the run's channel.
import type {Run} from '../model';
import type {PlatformApi} from '../platform';
import {milestoneEntries, myStepEntries} from './entries';
import {writeIcs} from './write-ics';

export type CalendarKind = 'milestones' | 'mine';

export interface CalendarFile {
    filename: string;
    text: string;
}

/** The run's channel in the web app: where the release is worked on. */
export async function runPermalink(api: Pick<PlatformApi, 'getSiteURL' | 'getChannel' | 'getTeam'>, run: Run): Promise<string> {
    const base = (await api.getSiteURL()).replace(/\/+$/, '');
    const channel = await api.getChannel(run.channelId);
    const team = channel ? await api.getTeam(channel.teamId) : null;
    if (channel && team) {
        return `${base}/${encodeURIComponent(team.name)}/channels/${encodeURIComponent(channel.name)}`;
    }
    // A channel without a team (a direct message) or one that is gone: the site itself.
    return base;
}

/** 'release-1.1.1-milestones.ics': letters, digits, dot, dash only. */
export function calendarFilename(run: Run, kind: CalendarKind): string {
    const version = run.version.replace(/[^A-Za-z0-9.-]/g, '_').slice(0, 40);
    return `release-${version}-${kind === 'mine' ? 'my-steps' : 'milestones'}.ics`;
}

export function runCalendar(run: Run, kind: CalendarKind, userId: string, permalink: string, lastChanged: string): CalendarFile {
    const entries = kind === 'mine' ? myStepEntries(run, userId) : milestoneEntries(run);
    const name = kind === 'mine' ? `Release ${run.version}: my steps` : `Release ${run.version} milestones`;
    return {filename: calendarFilename(run, kind), text: writeIcs(run, entries, {name, permalink, lastChanged})};
}
