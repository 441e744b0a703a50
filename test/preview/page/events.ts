// The page's websocket: @mattermost/client's WebSocketClient on /api/v4/websocket, the
// client the web app uses, against the stand-in or the real server alike (the session
// cookie authenticates it). Posts update the store, open_dialog opens the interactive
// dialog, and every message goes to the plugin handlers registered for its event name. On a
// reconnect the channel's posts are fetched again and the plugins' reconnect handlers run,
// as the web app does.
import WebSocketClient from '@mattermost/client/lib/websocket';
import type {Store} from 'redux';

import {ensureProfiles} from './profiles';
import {callReconnectHandlers, dispatchToHandlers} from './registry';
import type {MMPost, OpenDialog} from './store';

export interface LiveStatus {
    connected: boolean;
}

interface Message {
    event: string;
    data?: Record<string, unknown>;
    broadcast?: {channel_id?: string; user_id?: string};
    seq: number;
}

const POST_EVENTS = new Set(['posted', 'post_edited', 'ephemeral_message']);

export function connectEvents(store: Store, refetch: () => void, onStatus: (s: LiveStatus) => void): () => void {
    const client = new WebSocketClient();
    client.addFirstConnectListener(() => onStatus({connected: true}));
    client.addReconnectListener(() => {
        onStatus({connected: true});
        refetch();
        callReconnectHandlers();
    });
    // A hello with a new connection id means the server could not replay what was missed (and
    // only with this listener set does the client keep its connection id to resume with).
    client.addMissedMessageListener(() => refetch());
    client.addCloseListener(() => onStatus({connected: false}));
    client.addMessageListener((raw) => {
        const msg = raw as unknown as Message;
        if (POST_EVENTS.has(msg.event)) {
            try {
                const post = JSON.parse(String(msg.data?.post)) as MMPost;
                store.dispatch({type: 'RECEIVED_POST', data: {...post, ephemeral: msg.event === 'ephemeral_message'}});
                ensureProfiles(store, [post.user_id]);
            } catch {
                console.error(`preview: ${msg.event} without a readable post was ignored`);
            }
        }
        if (msg.event === 'open_dialog') {
            try {
                const request = JSON.parse(String(msg.data?.dialog)) as OpenDialog;
                const channelId = (store.getState() as {entities: {channels: {currentChannelId: string}}}).entities.channels.currentChannelId;
                store.dispatch({type: 'PREVIEW_OPEN_DIALOG', request, channelId});
            } catch {
                console.error('preview: open_dialog without a readable dialog was ignored');
            }
        }
        dispatchToHandlers({event: msg.event, data: msg.data ?? {}, broadcast: msg.broadcast ?? {}, seq: msg.seq});
    });
    client.initialize(`${window.location.origin.replace(/^http/, 'ws')}/api/v4/websocket`);
    return () => client.close();
}
