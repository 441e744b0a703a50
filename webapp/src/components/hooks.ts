// Small hooks shared by the surfaces.
import {useEffect, useMemo, useState} from 'react';
import {useSelector} from 'react-redux';
import type {UserProfile} from '@mattermost/types/users';

import {getUser} from '../state/selectors';

import {useServices} from './context';

/** The current time, refreshed every `everyMs` so relative times and "overdue" stay true. */
export function useNow(everyMs = 60_000): number {
    const [now, setNow] = useState(() => Date.now());
    useEffect(() => {
        const timer = setInterval(() => setNow(Date.now()), everyMs);
        return () => clearInterval(timer);
    }, [everyMs]);
    return now;
}

/** Profiles for the given ids from the store, loading the missing ones. */
export function useProfiles(ids: readonly string[]): Record<string, UserProfile | undefined> {
    const {ops} = useServices();
    const key = ids.join(',');
    useEffect(() => {
        if (key) {
            ops.ensureProfiles(key.split(','));
        }
    }, [ops, key]);
    const select = useMemo(() => {
        let last: Record<string, UserProfile | undefined> = {};
        // Returns the same object while none of the profiles changed, so rows do not re-render.
        return (state: unknown) => {
            const next: Record<string, UserProfile | undefined> = {};
            let changed = Object.keys(last).length !== ids.length;
            for (const id of ids) {
                next[id] = getUser(state, id);
                if (next[id] !== last[id]) {
                    changed = true;
                }
            }
            if (changed) {
                last = next;
            }
            return last;
        };
        // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [key]);
    return useSelector(select);
}

export function displayName(user: UserProfile | undefined, fallbackId: string): string {
    if (!user) {
        return fallbackId;
    }
    const full = [user.first_name, user.last_name].filter(Boolean).join(' ');
    return full ? `${full} (@${user.username})` : `@${user.username}`;
}

/** The short handle for a person: "@dan", or the id while the profile is not loaded. */
export function handleOf(user: UserProfile | undefined, fallbackId: string): string {
    return user?.username ? `@${user.username}` : fallbackId;
}

let idCounter = 0;

/**
 * A unique DOM id for label/aria wiring. React's useId exists only from React 18, and
 * hosts on Mattermost 9.x and 10.x run React 17.
 */
export function useDomId(): string {
    const [id] = useState(() => `rc-id-${++idCounter}`);
    return id;
}
