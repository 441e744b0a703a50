import {MemoryPlatform} from './memory-platform';

describe('MemoryPlatform', () => {
    it('is seedable and answers membership, permissions, users and channels', async () => {
        const p = new MemoryPlatform({
            users: [{id: 'u1', username: 'alice'}, {id: 'u2', username: 'bob'}],
            channels: [{id: 'c1', members: ['u1']}],
            admins: ['u2'],
            config: {DefaultTimeZone: 'UTC'},
        });
        expect(await p.isChannelMember('c1', 'u1')).toBe(true);
        expect(await p.isChannelMember('c1', 'u2')).toBe(false);
        expect(await p.isChannelMember('nope', 'u1')).toBe(false);
        expect(await p.hasPermission('u2', 'manage_system')).toBe(true);
        expect(await p.hasPermission('u1', 'manage_system')).toBe(false);
        expect((await p.getUserByUsername('@Alice'))?.id).toBe('u1');
        expect((await p.getChannel('c1'))).toMatchObject({id: 'c1', teamId: 'team1', type: 'O'});
        expect(await p.getUser('ghost')).toBeNull();
        const config = await p.loadPluginConfiguration();
        config.DefaultTimeZone = 'changed';
        expect(p.config.DefaultTimeZone).toBe('UTC');
    });

    it('records posts, ephemeral posts, DMs, websocket events, the bot and commands', async () => {
        const p = new MemoryPlatform({users: [{id: 'u1', username: 'alice'}], channels: [{id: 'c1', members: ['u1']}]});
        const post = await p.createPost({channelId: 'c1', userId: 'u1', message: 'hi'});
        expect((await p.getPost(post.id as string))?.message).toBe('hi');
        await expect(p.createPost({channelId: 'nope', userId: 'u1', message: 'x'})).rejects.toThrow(/not found/);
        await p.updatePost({...post, message: 'edited'});
        expect((await p.getPost(post.id as string))?.message).toBe('edited');
        await p.sendEphemeralPost('u1', {channelId: 'c1', userId: 'bot', message: 'only you'});
        expect(p.ephemeral).toEqual([{userId: 'u1', post: {channelId: 'c1', userId: 'bot', message: 'only you'}}]);
        const dm = await p.getDirectChannel('u1', 'u2');
        expect(dm.type).toBe('D');
        expect((await p.getDirectChannel('u2', 'u1')).id).toBe(dm.id);
        await p.publishWebSocketEvent('run_updated', {runId: 'r'}, {channelId: 'c1'});
        expect(p.published).toEqual([{event: 'run_updated', payload: {runId: 'r'}, broadcast: {channelId: 'c1'}}]);
        const bot = await p.ensureBot({username: 'release-checklist', displayName: 'Release', description: ''});
        expect(await p.ensureBot({username: 'release-checklist', displayName: 'Release', description: ''})).toBe(bot);
        expect((await p.getUser(bot))?.isBot).toBe(true);
        await p.registerCommand({trigger: 'release', displayName: '', description: '', autoCompleteDesc: '', autoCompleteHint: ''});
        await p.registerCommand({trigger: 'release', displayName: 'again', description: '', autoCompleteDesc: '', autoCompleteHint: ''});
        expect(p.commands.map((c) => c.displayName)).toEqual(['again']);
        p.log.error('boom', {a: 1});
        expect(p.logs).toEqual([{level: 'error', message: 'boom', fields: {a: 1}}]);
    });
});
