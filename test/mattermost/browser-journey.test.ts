// The browser journey (test/e2e/journey.ts) against a real Mattermost server: the same steps
// and assertions as against the stand-in, with the preview page in front of the server as
// the web app's stand-in (real-server mode) and everything else the server's own: sign-in
// and session cookies, REST API, websocket, PUT /api/v4/config, dialog submissions. Then the
// same server and the stand-in answer the page's calls, and must answer alike.
import {startE2E, standIn, type Backend} from '../e2e/harness';
import {securityReleaseJourney} from '../e2e/journey';
import {TEAM} from '../preview/lib/seed';
import {parityProblems, probe} from './parity';
import {PASSWORD, PLUGIN_ID} from './people';
import {startReleaseStack, type ReleaseStack} from './stack';

jest.setTimeout(120_000);

let stack: ReleaseStack | undefined;

afterAll(async () => {
    await stack?.stop();
}, 60_000);

async function realServer(): Promise<Backend> {
    stack = await startReleaseStack({log: (line) => process.stdout.write(`${line}\n`)});
    const {rel, page} = stack;
    const ids = new Map(Object.values(rel.people).map((p) => [p.user.username, p.user.id]));
    return {
        name: 'real server',
        slug: 'real-server',
        url: page.url,
        team: rel.team.name,
        channel: {id: rel.channel.id, name: rel.channel.name, displayName: rel.channel.display_name},
        cast: {admin: 'admin', releaseManager: 'rita', dev: 'dan', build: 'bob', qa: 'quinn', logistics: 'lou', marketing: 'mary', outsider: 'otto'},
        password: PASSWORD,
        userId: (username) => ids.get(username) ?? '',
        disconnectEvents: () => page.disconnectAll(),
        reconnectEvents: () => page.reconnectAll(),
        // The server outlives the journey: the comparison below uses it too.
        close: async () => undefined,
    };
}

securityReleaseJourney('real server', () => startE2E(realServer));

describe('the stand-in answers the page\'s calls as the real server does', () => {
    test('statuses, error ids and messages, answer fields, cookies, websocket frames, dialogs and config', async () => {
        expect(stack).toBeDefined();
        const {rel, page} = stack!;
        const real = await probe({
            url: page.url, teamId: rel.team.id, channelId: rel.channel.id, password: PASSWORD,
            member: 'rita', admin: 'admin', outsider: 'otto', pluginId: PLUGIN_ID,
        });
        const local = await standIn();
        try {
            const mine = await probe({
                url: local.url, teamId: TEAM.id, channelId: local.channel.id, password: PASSWORD,
                member: 'rita', admin: 'ada', outsider: 'oscar', pluginId: PLUGIN_ID,
            });
            expect(parityProblems(mine, real)).toEqual([]);
        } finally {
            await local.close();
        }
    }, 120_000);
});
