// The text of `/release all` (every active release of the caller's channels) and
// `/release calendar` (the run's calendar download links). Both are answered only to the caller.
import type {Run} from '../model';
import {escapeInline, link, stepRef} from '../report/markdown';
import {formatDay, formatInstant} from '../report/time-format';
import type {AllReleases, ReleaseOverview} from '../runs/all-releases';
import {PLUGIN_ID} from './autocomplete';

export function healthText(r: Pick<ReleaseOverview, 'health' | 'overdue'>): string {
    if (r.health === 'late') {
        return '**late**: the release day has passed';
    }
    if (r.health === 'at-risk') {
        return `**at risk**: ${r.overdue} step${r.overdue === 1 ? '' : 's'} overdue`;
    }
    return 'on track';
}

function channelLink(r: ReleaseOverview, base: string): string {
    return r.teamName && r.channelName
        ? link(r.channelDisplayName, `${base}/${encodeURIComponent(r.teamName)}/channels/${encodeURIComponent(r.channelName)}`)
        : escapeInline(`~${r.channelDisplayName || r.channelId}`);
}

/** `/release all`: one line per release, soonest release day first, with the caller's next step. */
export function allReply(all: AllReleases, siteURL: string): string {
    if (all.total === 0) {
        return 'There is no active release in the channels you are in.';
    }
    const base = siteURL.replace(/\/+$/, '');
    const out = [`#### Your active releases (${all.total})`];
    for (const r of all.releases) {
        const p = r.progress;
        const closed = p.done + p.skipped;
        const percent = p.total ? Math.round((closed / p.total) * 100) : 100;
        const next = r.nextStep
            ? `Your next step: ${stepRef(r.nextStep.number)} ${escapeInline(r.nextStep.title)}, ${r.nextStep.attention === 'overdue' ? '**overdue** since' : 'due'} ${formatInstant(r.nextStep.dueAt, r.timeZone)}.`
            : 'No open step of yours.';
        out.push(`- **Release ${escapeInline(r.version)}** in ${channelLink(r, base)}, release day ${formatDay(r.releaseDay)}: ${closed}/${p.total} closed (${percent}%), ${healthText(r)}. ${next}`);
    }
    if (all.more) {
        out.push('', `Showing the ${all.releases.length} with the soonest release days; the Release Checklist panel's **All my releases** lists the rest.`);
    }
    return out.join('\n');
}

/** The plugin's download route for a run's calendar (the browser's session authenticates it). */
export function calendarUrl(siteURL: string, runId: string, mine: boolean): string {
    return `${siteURL.replace(/\/+$/, '')}/plugins/${PLUGIN_ID}/api/v1/runs/${encodeURIComponent(runId)}/calendar.ics${mine ? '?mine=1' : ''}`;
}

/** `/release calendar`: both download links of the current run. */
export function calendarReply(run: Run, siteURL: string): string {
    return [
        `#### Release ${escapeInline(run.version)} in your calendar (.ics files)`,
        `- ${link('Milestones', calendarUrl(siteURL, run.id, false))}: T-4 to the release day and the follow-ups after it`,
        `- ${link('My steps', calendarUrl(siteURL, run.id, true))}: every step of a role you fill or assigned to you`,
        `Times are in ${escapeInline(run.timeZone)}. Import the file again after a change: the events are updated, not added twice. The links open while you are signed in to Mattermost in the browser.`,
    ].join('\n');
}
