// Turns a step's announcement template into the message the bot posts for a run.
import type {AnnouncementSpec, Run} from '../model';
import {escapeInline, link} from '../report/markdown';
import {formatDay} from '../report/time-format';
import {checkAnnouncementMessage, fillPlaceholders} from './variables';

export interface AnnouncementContext {
    /** The run channel's name, for a ~channel link that Mattermost renders. */
    channelName?: string;
    /** Used when the channel name is unknown: a permalink-style URL to the channel. */
    channelUrl?: string;
}

export class AnnouncementError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'AnnouncementError';
    }
}

function issueList(run: Run): string {
    if (run.issues.length === 0) {
        return '(no issues listed)';
    }
    return run.issues.map((url) => `- ${link(url, url)}`).join('\n');
}

function channelRef(ctx: AnnouncementContext): string {
    if (ctx.channelName && /^[a-z0-9_-]+$/i.test(ctx.channelName)) {
        return `~${ctx.channelName}`;
    }
    return ctx.channelUrl ? link('the release channel', ctx.channelUrl) : 'the release channel';
}

export function renderAnnouncement(spec: AnnouncementSpec, run: Run, ctx: AnnouncementContext = {}): string {
    const problems = checkAnnouncementMessage(spec.message);
    if (problems.length > 0) {
        throw new AnnouncementError(`The announcement template is invalid: line ${problems[0].line}: ${problems[0].message}`);
    }
    // The issue list is a Markdown list, which only renders when it starts its own line.
    const message = spec.message.replace(/([^\n])[ \t]*(\{\{\s*issues\s*\}\})/g, '$1\n$2');
    return fillPlaceholders(message, {
        version: escapeInline(run.version),
        releaseDay: formatDay(run.releaseDay),
        issues: issueList(run),
        channel: channelRef(ctx),
    });
}
