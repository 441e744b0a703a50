// The message box: Enter sends a post; a message starting with "/" goes to
// commands/execute (after any plugin's slash-command hook), as the web app sends it.
import React, {useState} from 'react';

import {api} from './api';
import {runSlashCommandHooks} from './registry';

export function Composer({channelId, channelName, teamId}: {channelId: string; channelName: string; teamId: string}) {
    const [text, setText] = useState('');
    const [error, setError] = useState<string | null>(null);
    const [busy, setBusy] = useState(false);

    async function send(): Promise<void> {
        const message = text.trim();
        if (!message || busy) {
            return;
        }
        setBusy(true);
        setError(null);
        try {
            if (message.startsWith('/')) {
                const out = await runSlashCommandHooks(message, {channel_id: channelId, team_id: teamId, root_id: ''});
                if ('error' in out) {
                    throw new Error(out.error);
                }
                if ('message' in out && out.message) {
                    await api.executeCommand(channelId, teamId, out.message);
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
