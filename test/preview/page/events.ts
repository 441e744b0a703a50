// The page's end of the websocket: an EventSource on /preview/events. Posts update the
// store; every message goes to the plugin handlers registered for its event name; when the
// stream comes back after a drop, the reconnect handlers run (and the open channel's posts
// are fetched again), as the web app does after a websocket reconnect.
import type {Store} from 'redux';

import {callReconnectHandlers, dispatchToHandlers, type WebSocketMessage} from './registry';
import type {MMPost} from './store';

export interface LiveStatus {
    connected: boolean;
}

export function connectEvents(store: Store, refetch: () => void, onStatus: (s: LiveStatus) => void): () => void {
    let seq = 0;
    let dropped = false;
    const source = new EventSource('/preview/events');
    source.onopen = () => {
        onStatus({connected: true});
        if (dropped) {
            dropped = false;
            refetch();
            callReconnectHandlers();
        }
    };
    source.onerror = () => {
        dropped = true;
        onStatus({connected: false});
    };
    source.onmessage = (e: MessageEvent<string>) => {
        let msg: Omit<WebSocketMessage, 'seq'>;
        try {
            msg = JSON.parse(e.data);
        } catch {
            console.error('preview: an event that is not JSON was ignored');
            return;
        }
        if (!msg || typeof msg.event !== 'string') {
            return;
        }
        if (msg.event === 'posted' || msg.event === 'post_edited' || msg.event === 'ephemeral_message') {
            try {
                const post = JSON.parse(String((msg.data as {post?: string})?.post)) as MMPost;
                store.dispatch({type: 'RECEIVED_POST', data: {...post, ephemeral: msg.event === 'ephemeral_message'}});
            } catch {
                console.error(`preview: ${msg.event} without a readable post was ignored`);
            }
        }
        dispatchToHandlers({...msg, broadcast: msg.broadcast ?? {}, seq: seq++});
    };
    return () => source.close();
}
