// Profiles the store lacks (a post's author the team list did not include, such as a bot)
// are fetched once with POST /api/v4/users/ids, as the web app fetches missing profiles.
import type {Store} from 'redux';

import {api} from './api';

const asked = new Set<string>();

export function ensureProfiles(store: Store, userIds: string[]): void {
    const profiles = (store.getState() as {entities: {users: {profiles: Record<string, unknown>}}}).entities.users.profiles;
    const missing = [...new Set(userIds)].filter((id) => id && !profiles[id] && !asked.has(id));
    if (missing.length === 0) {
        return;
    }
    missing.forEach((id) => asked.add(id));
    api.usersByIds(missing).then(
        (users) => store.dispatch({type: 'RECEIVED_PROFILES_LIST', data: users}),
        (err: Error) => {
            missing.forEach((id) => asked.delete(id));
            console.error(`could not load profiles: ${err.message}`);
        },
    );
}
