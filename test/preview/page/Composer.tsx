// The message box: Enter sends a post; a message starting with "/" goes to
// commands/execute (after any plugin's slash-command hook), as the web app sends it.
import React, {useState} from 'react';

import {api} from './api';
import {registrations} from './registry';

export function Composer({channelId, channelName, teamId}: {channelId: string; channelName: string; teamId: string}) {
    const [text, setText] = useState('');
    const [error, setError] = useState<string | null>(null);
    const [busy, setBusy] = useState(false);

    async function send(): Promise<void> {
        let message = text.trim();
        if (!message || busy) {
            return;
        }
        setBusy(true);
        setError(null);
        try {
            if (message.startsWith('/')) {
                let args: unknown = {channel_id: channelId, team_id: teamId};
                for (const hook of registrations().commandHooks.values()) {
                    const out = await hook(message, args) as {message?: string; args?: unknown; error?: {message: string}} | undefined;
                    if (out?.error) {
                        throw new Error(out.error.message);
                    }
                    if (!out?.message) {
                        message = '';
                        break;
                    }
                    message = out.message;
                    args = out.args ?? args;
                }
                if (message) {
                    await api.executeCommand(channelId, teamId, message);
                }
            } else {
                await api.createPost(channelId, message);
            }
            setText('');
        } catch (err) {
            setError(err instanceof Error ? err.message : String(err));
        } finally {
            setBusy(false);
        }
    }

    return (
        <form className='pv-compose' onSubmit={(e) => {
            e.preventDefault();
            void send();
        }}>
            <textarea
                aria-label={`Write to ${channelName}`}
                placeholder={`Write to ${channelName}`}
                value={text}
                onChange={(e) => setText(e.target.value)}
                onKeyDown={(e) => {
                    if (e.key === 'Enter' && !e.shiftKey) {
                        e.preventDefault();
                        void send();
                    }
                }}
            />
            {error && <div className='pv-error' role='alert'>{error}</div>}
        </form>
    );
}
