// How the report and the bot name people. The report names them without '@' so posting it
// does not ping everyone involved in the release; reminders and replies use mentions on purpose.
import type {PlatformUser} from '../platform';
import {escapeInline} from './markdown';

export type UserDirectory = Map<string, PlatformUser> | Record<string, PlatformUser | undefined>;

export function lookupUser(users: UserDirectory, userId: string): PlatformUser | undefined {
    return users instanceof Map ? users.get(userId) : users[userId];
}

/** 'Jane Doe (jane)', 'jane', or 'unknown user' for ids that are not in the directory. */
export function displayName(users: UserDirectory, userId: string | undefined): string {
    if (!userId) {
        return '';
    }
    const user = lookupUser(users, userId);
    if (!user) {
        return `unknown user ${escapeInline(userId)}`;
    }
    const full = `${user.firstName} ${user.lastName}`.trim();
    const name = escapeInline(user.username);
    return full === '' ? name : `${escapeInline(full)} (${name})`;
}

/** '@jane' for a notifying mention; usernames are [a-z0-9._-] so they need no escaping beyond that check. */
export function mention(users: UserDirectory, userId: string): string {
    const user = lookupUser(users, userId);
    if (!user || !/^[a-z0-9._-]+$/i.test(user.username)) {
        return displayName(users, userId);
    }
    return `@${user.username}`;
}
