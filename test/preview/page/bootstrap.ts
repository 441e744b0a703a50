// What the page loads before it renders, read from Mattermost's REST API as the web app
// reads it: the signed-in user, their team and channels, the team's people, the client
// config (SiteURL) and the plugins with a webapp bundle.
import {api, RequestError} from './api';
import type {Bootstrap} from './store';

/** The bundle's URL: the server serves bundle_path's file under /static/plugins/<id>/. */
export function bundleUrl(id: string, bundlePath: string): string {
    const file = bundlePath.slice(bundlePath.lastIndexOf('/') + 1);
    return `/static/plugins/${encodeURIComponent(id)}/${encodeURIComponent(file)}`;
}

/** The team named in the path (/<team>/channels/...), else the first of the user's teams. */
function pickTeam<T extends {name: string}>(teams: T[], path: string): T | undefined {
    const named = /^\/([a-z0-9-]+)\/(channels|pl)\//.exec(path)?.[1];
    return teams.find((t) => t.name === named) ?? teams[0];
}

/** null when nobody is signed in (the page then shows the sign-in form). */
export async function loadBootstrap(backend: Bootstrap['backend']): Promise<Bootstrap | null> {
    let me;
    try {
        me = await api.me();
    } catch (err) {
        if (err instanceof RequestError && err.status === 401) {
            return null;
        }
        throw err;
    }
    const [teams, config, webapp] = await Promise.all([api.myTeams(), api.clientConfig(), api.webappPlugins()]);
    const team = pickTeam(teams, window.location.pathname);
    if (!team) {
        throw new Error(`@${me.username} is in no team`);
    }
    const [channels, users] = await Promise.all([api.myChannels(team.id), api.teamUsers(team.id)]);
    // A DM's name is the two user ids joined by '__'; the bot is in no team, so its profile is fetched.
    const directs = channels.filter((c) => c.type === 'D');
    const other = (c: {name: string}) => c.name.split('__').find((id) => id !== me.id) ?? me.id;
    const unknown = directs.map(other).filter((id) => !users.some((u) => u.id === id));
    const extra = unknown.length ? await api.usersByIds(unknown) : [];
    const everyone = [...users, ...extra];
    return {
        backend,
        me: me.id,
        users: users.some((u) => u.id === me.id) ? users : [me, ...users],
        team: {id: team.id, name: team.name, display_name: team.display_name},
        channels: channels.filter((c) => c.type === 'O' || c.type === 'P').sort((a, b) => a.display_name.localeCompare(b.display_name)),
        directChannels: directs.map((c) => ({...c, display_name: `@${everyone.find((u) => u.id === other(c))?.username ?? other(c)}`})),
        config: {SiteURL: config.SiteURL ?? ''},
        plugins: webapp.filter((m) => m.webapp?.bundle_path).map((m) => ({id: m.id, bundleUrl: bundleUrl(m.id, m.webapp!.bundle_path!)})),
        isAdmin: (me.roles ?? '').split(' ').includes('system_admin'),
    };
}
