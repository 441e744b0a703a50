import type {Run} from '../model';
import type {PlatformChannel, PlatformPost} from '../platform';
import {scriptedRun} from '../report/test-fixtures';
import {ActionError} from '../runs/errors';
import {MemoryKV} from '../store/memory-kv';
import {POSTING_STALE_MS, announcementKey} from './announce-once';
import {postAnnouncement, type AnnouncementDeps} from './post-announcement';
import {renderAnnouncement} from './render-announcement';
import {resolveChannelSetting} from './resolve-channel';
import {announcementVariables, checkAnnouncementMessage} from './variables';

const ANN: PlatformChannel = {id: 'a'.repeat(26), teamId: 't', name: 'announcements', displayName: 'Announcements', type: 'O'};
const RUNCHAN: PlatformChannel = {id: 'chan1', teamId: 't', name: 'release-1-1-1', displayName: 'Release', type: 'P'};

/** The scripted run with its announcement step open again and made an approval step. */
function approvalRun(): Run {
    const run = scriptedRun();
    return {...run, steps: run.steps.map((s) => (s.id === 'announce' ? {...s, approval: true, state: 'open' as const, closedBy: undefined, closedAt: undefined} : s))};
}

describe('announcement templates', () => {
    it('exposes the four variables and accepts them with or without spaces', () => {
        expect([...announcementVariables].sort()).toEqual(['channel', 'issues', 'releaseDay', 'version']);
        expect(checkAnnouncementMessage('{{version}} on {{ releaseDay }} in {{channel}}\n{{issues}}')).toEqual([]);
    });

    it('reports unknown variables and stray braces with their line', () => {
        const problems = checkAnnouncementMessage('Release {{version}}\nDate: {{date}}\nBroken {{version');
        expect(problems.map((p) => p.line)).toEqual([2, 3]);
        expect(problems[0].message).toContain('unknown variable {{date}}');
        expect(problems[0].message).toContain('{{releaseDay}}');
    });

    it('renders the message for a run, with the issue list on its own lines', () => {
        const run = scriptedRun();
        const text = renderAnnouncement({channelSetting: 'AnnouncementChannel', message: 'Security release {{version}} on {{releaseDay}}, see {{channel}}. Fixes: {{issues}}'}, run, {channelName: 'release-1-1-1'});
        expect(text).toBe('Security release 1.1.1 on Tue 2024-03-12, see ~release-1-1-1. Fixes:\n'
            + '- [https://issues.example.com/MM-1](https://issues.example.com/MM-1)\n'
            + '- [https://issues.example.com/MM-2?q=\\(x\\)](https://issues.example.com/MM-2?q=%28x%29)');
    });

    it('escapes a version that carries Markdown and refuses an invalid template', () => {
        const run = {...scriptedRun(), version: '1.1.1 [x](javascript:1)'};
        expect(renderAnnouncement({channelSetting: 'X', message: '{{version}}'}, run)).not.toContain('](');
        expect(() => renderAnnouncement({channelSetting: 'X', message: '{{nope}}'}, run)).toThrow(/unknown variable/);
    });
});

describe('announcement channel setting', () => {
    const api = {
        getChannel: async (id: string) => (id === ANN.id ? ANN : null),
        getChannelByNameForTeamName: async (team: string, name: string) => (team === 'eng' && name === 'announcements' ? ANN : null),
    };

    it.each([
        [ANN.id, true],
        ['eng/announcements', true],
        ['Eng/~announcements', true],
        ['eng/missing', false],
        ['', false],
        ['not a channel', false],
        ['b'.repeat(26), false],
    ])('resolves %p: %p', async (value, ok) => {
        const r = await resolveChannelSetting(api, {AnnouncementChannel: value}, 'AnnouncementChannel');
        expect(r.ok).toBe(ok);
        // Named by its System Console label, which is what an admin can find; never by the config key.
        if (!r.ok) expect(r.error).toContain('"Announcements channel" plugin setting');
        if (!r.ok) expect(r.error).not.toContain('AnnouncementChannel');
    });

});

describe('postAnnouncement', () => {
    function deps(member = true, kv = new MemoryKV()): AnnouncementDeps & {posts: PlatformPost[]; recorded: string[]} {
        const posts: PlatformPost[] = [];
        const recorded: string[] = [];
        return {
            posts,
            recorded,
            api: {
                kv,
                hasPermission: async (userId, permission) => userId === 'u-admin' && permission === 'manage_system',
                getSiteURL: async () => 'https://chat.example.com',
                getTeam: async () => ({id: 'team1', name: 'eng', displayName: 'Engineering'}),
                getChannelByNameForTeamName: async () => null,
                getChannel: async (id) => (id === ANN.id ? ANN : id === RUNCHAN.id ? RUNCHAN : null),
                isChannelMember: async () => member,
                createPost: async (p) => {
                    posts.push(p);
                    return {...p, id: posts.length === 1 ? 'annpost' : `post${posts.length}`};
                },
            },
            settings: async () => ({AnnouncementChannel: ANN.id}),
            botUserId: () => 'bot',
            recordEvidence: async (run, stepId, userId, postId) => {
                recorded.push(`${stepId}:${userId}:${postId}`);
                return run;
            },
        };
    }

    it('posts as the bot in the configured channel and records a linking notice in the run channel as evidence', async () => {
        const d = deps();
        await postAnnouncement(d, scriptedRun(), 'announce', 'u-rm');
        expect(d.posts).toHaveLength(2);
        expect(d.posts[0]).toMatchObject({channelId: ANN.id, userId: 'bot'});
        expect(d.posts[0].message).toContain('Security release 1.1.1 on Tue 2024-03-12');
        expect(d.posts[1]).toMatchObject({channelId: 'chan1', userId: 'bot'});
        expect(d.posts[1].message).toContain('https://chat.example.com/eng/pl/annpost');
        expect(d.recorded).toEqual(['announce:u-rm:post2']);
    });

    it('uses the announcement itself as evidence when it goes to the run channel', async () => {
        const d = deps();
        d.settings = async () => ({AnnouncementChannel: ANN.id});
        const run = {...scriptedRun(), channelId: ANN.id};
        await postAnnouncement(d, run, 'announce', 'u-rm');
        expect(d.posts).toHaveLength(1);
        expect(d.recorded).toEqual(['announce:u-rm:annpost']);
    });

    it('refuses steps without an announcement, non-members of the target, and finished runs, posting nothing', async () => {
        for (const [d, run, step, kind] of [
            [deps(), scriptedRun(), 'test-rc', 'invalid'],
            [deps(false), scriptedRun(), 'announce', 'forbidden'],
            [deps(), {...scriptedRun(), status: 'finished' as const}, 'announce', 'invalid'],
            [deps(), scriptedRun(), 'nope', 'not_found'],
        ] as const) {
            await expect(postAnnouncement(d, run, step, 'u-rm')).rejects.toMatchObject({kind});
            expect(d.posts).toHaveLength(0);
        }
    });

    it('refuses an open approval step to anyone but its Release Manager before posting anything', async () => {
        const refused = deps();
        await expect(postAnnouncement(refused, approvalRun(), 'announce', 'u-dev')).rejects.toMatchObject({kind: 'forbidden'});
        expect(refused.posts).toHaveLength(0);
        const d = deps();
        await postAnnouncement(d, approvalRun(), 'announce', 'u-rm');
        expect(d.recorded).toEqual(['announce:u-rm:post2']);
    });

    it('says the post exists when recording the evidence fails', async () => {
        const d = deps();
        d.recordEvidence = async () => {
            throw new ActionError('conflict', 'run changed');
        };
        await expect(postAnnouncement(d, scriptedRun(), 'announce', 'u-rm')).rejects.toThrow(/posted \(post annpost\).*run changed/);
    });

    it('lets only the step\'s owners, the Release Manager and system admins post it (the bot may say @channel)', async () => {
        // The announce step belongs to the release-manager role (u-rm).
        for (const [userId, allowed] of [['u-dev', false], ['u-qa', false], ['u-nobody', false], ['u-rm', true], ['u-admin', true]] as const) {
            const d = deps();
            const posted = await postAnnouncement(d, scriptedRun(), 'announce', userId).then(() => true, (e: ActionError) => {
                expect([userId, e.kind, e.message]).toEqual([userId, 'forbidden', 'only the owners of "Make a post in Announcements channel", the Release Manager or a system admin may post its announcement']);
                return false;
            });
            expect([userId, posted, d.posts.length]).toEqual([userId, allowed, allowed ? 2 : 0]);
        }
        // A step assigned to someone is theirs to post.
        const run = scriptedRun();
        const assigned = {...run, steps: run.steps.map((st) => (st.id === 'announce' ? {...st, assignee: 'u-dev'} : st))};
        const d = deps();
        await postAnnouncement(d, assigned, 'announce', 'u-dev');
        expect(d.posts).toHaveLength(2);
    });

    it('posts once: a second press is told where the post is, and two presses at once make one post', async () => {
        const kv = new MemoryKV();
        const first = deps(true, kv);
        await postAnnouncement(first, scriptedRun(), 'announce', 'u-rm');
        const again = deps(true, kv);
        await expect(postAnnouncement(again, scriptedRun(), 'announce', 'u-admin')).rejects.toMatchObject({
            kind: 'conflict', message: 'the announcement for "Make a post in Announcements channel" was already posted (post annpost); it is posted once per run',
        });
        expect(again.posts).toEqual([]);

        const shared = new MemoryKV();
        const a = deps(true, shared);
        const b = deps(true, shared);
        const outcomes = await Promise.allSettled([postAnnouncement(a, scriptedRun(), 'announce', 'u-rm'), postAnnouncement(b, scriptedRun(), 'announce', 'u-admin')]);
        expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
        expect(a.posts.filter((p) => p.channelId === ANN.id).length + b.posts.filter((p) => p.channelId === ANN.id).length).toBe(1);
    });

    it('gives the claim back when posting fails, and takes over a claim whose poster died', async () => {
        const kv = new MemoryKV();
        const failing = deps(true, kv);
        failing.api.createPost = async () => {
            throw new Error('server unavailable');
        };
        await expect(postAnnouncement(failing, scriptedRun(), 'announce', 'u-rm')).rejects.toThrow('server unavailable');
        const retry = deps(true, kv);
        await postAnnouncement(retry, scriptedRun(), 'announce', 'u-rm');
        expect(retry.posts).toHaveLength(2);

        const dead = new MemoryKV();
        await dead.set(announcementKey(scriptedRun().id, 'announce'), new TextEncoder().encode(JSON.stringify({state: 'posting', by: 'u-rm', at: 1000})));
        const early = deps(true, dead);
        early.now = () => 1000 + POSTING_STALE_MS - 1;
        await expect(postAnnouncement(early, scriptedRun(), 'announce', 'u-rm')).rejects.toThrow(/is being posted right now/);
        const late = deps(true, dead);
        late.now = () => 1000 + POSTING_STALE_MS;
        await postAnnouncement(late, scriptedRun(), 'announce', 'u-rm');
        expect(late.posts).toHaveLength(2);
    });
});
