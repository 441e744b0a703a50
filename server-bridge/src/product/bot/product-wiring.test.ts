// The bot, /release and the run service as createProduct wires them: a run started with the
// slash command gets the bot's summary through the run service's change listener.
import * as path from 'node:path';
import {createProduct} from '../index';
import {MemoryPlatform} from '../testing/memory-platform';

it('createProduct: /release start posts the bot summary, /release status answers ephemerally', async () => {
    const platform = new MemoryPlatform({
        users: [{id: 'rmuser', username: 'rita'}],
        channels: [{id: 'chan1', members: ['rmuser']}],
        config: {DefaultTimeZone: 'UTC'},
    });
    const hooks = createProduct(platform, {bundleRoot: path.resolve(__dirname, '../../../..'), now: () => new Date('2026-03-02T12:00:00Z')});
    await hooks.onActivate();
    expect(platform.commands.map((c) => c.trigger)).toEqual(['release']);
    const started = await hooks.executeCommand({command: '/release start 1.1.1 2026-03-13 --if during-regular-release=no --if researcher-needs-mug=yes', userId: 'rmuser', channelId: 'chan1', teamId: 't'});
    expect(started.text).toContain('Started release 1.1.1');
    const botPosts = [...platform.posts.values()].filter((p) => p.userId === platform.botUserId);
    // The summary, then the live status post the bot keeps editing.
    expect(botPosts.map((p) => p.message)).toEqual([expect.stringContaining('Release 1.1.1 has started'), expect.stringContaining('#### Release 1.1.1 status')]);
    const status = await hooks.executeCommand({command: '/release status', userId: 'rmuser', channelId: 'chan1', teamId: 't'});
    expect(status.responseType).toBe('ephemeral');
    expect(status.text).toContain('Release 1.1.1: in progress');
    await hooks.onDeactivate();
});
