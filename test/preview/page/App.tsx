// The page's shell: top bar (who is signed in, sign out, theme switch, System Console link),
// channel sidebar, the channel with its posts and message box, the plugin's RHS, the app
// bar, the plugins' root components and the interactive dialog.
import React, {useEffect, useState, useSyncExternalStore} from 'react';
import {useDispatch, useSelector, useStore} from 'react-redux';

import {api} from './api';
import {Composer} from './Composer';
import {PluginConsole} from './Console';
import {InteractiveDialog} from './Dialog';
import {connectEvents} from './events';
import {navigate, parseRoute, usePath} from './navigation';
import {PostList} from './PostList';
import {ensureProfiles} from './profiles';
import {registrations, subscribeRegistrations, visibleHeaderButtons} from './registry';
import {Rhs, AppBar} from './Sidebars';
import {themePreference, type Bootstrap, type MMChannel, type MMPost, type ThemeName} from './store';
import {applyTheme, THEMES} from './theme';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type State = any;

function TopBar({boot, path}: {boot: Bootstrap; path: string}) {
    const themeName = useSelector((s: State) => s.views.theme as ThemeName);
    const dispatch = useDispatch();
    const [live, setLive] = useState(true);
    useEffect(() => {
        const onStatus = (e: Event) => setLive((e as CustomEvent<boolean>).detail);
        window.addEventListener('preview-live', onStatus);
        return () => window.removeEventListener('preview-live', onStatus);
    }, []);
    const switchTheme = () => {
        const next: ThemeName = themeName === 'dark' ? 'light' : 'dark';
        localStorage.setItem('preview-theme', next);
        applyTheme(THEMES[next]);
        dispatch({type: 'PREVIEW_THEME', theme: next});
        dispatch({type: 'RECEIVED_PREFERENCES', data: themePreference(boot.me, THEMES[next])});
    };
    const me = boot.users.find((u) => u.id === boot.me);
    const consolePath = `/admin_console/plugins/plugin_${boot.plugins[0]?.id ?? ''}`;
    const inConsole = path.startsWith('/admin_console');
    return (
        <header className='pv-top'>
            <strong>Release Checklist preview</strong>
            <span className='pv-backend'>{boot.backend === 'mattermost' ? 'on a real Mattermost server' : 'on the stand-in server'}</span>
            <span className='pv-grow'/>
            <span aria-live='polite'>{live ? '' : 'Reconnecting…'}</span>
            {boot.backend === 'stand-in' ? (
                <label>
                    Signed in as{' '}
                    <select
                        aria-label='Switch user'
                        value={me?.username ?? ''}
                        onChange={(e) => {
                            window.location.href = `/preview/login?user=${encodeURIComponent(e.target.value)}&next=${encodeURIComponent(window.location.pathname)}`;
                        }}
                    >
                        {boot.users.filter((u) => !u.is_bot).map((u) => <option key={u.id} value={u.username}>{`${u.username}: ${u.nickname ?? ''}`}</option>)}
                    </select>
                </label>
            ) : <span>Signed in as @{me?.username}</span>}
            <button type='button' onClick={() => {
                api.logout().finally(() => window.location.reload());
            }}>Sign out</button>
            <button type='button' aria-pressed={themeName === 'dark'} onClick={switchTheme}>Dark theme</button>
            {inConsole
                ? <a href={`/${boot.team.name}/channels/town-square`} onClick={(e) => {
                    e.preventDefault();
                    navigate(`/${boot.team.name}/channels/town-square`);
                }}>Back to channels</a>
                : <a href={consolePath} onClick={(e) => {
                    e.preventDefault();
                    navigate(consolePath);
                }}>System Console</a>}
        </header>
    );
}

function LockIcon() {
    return (
        <svg width='12' height='12' viewBox='0 0 24 24' aria-label='private' role='img' style={{marginRight: 4}}>
            <path fill='currentColor' d='M6 10V7a6 6 0 1 1 12 0v3h1v12H5V10zm2 0h8V7a4 4 0 1 0-8 0z'/>
        </svg>
    );
}

function ChannelSidebar({boot, current}: {boot: Bootstrap; current: string}) {
    return (
        <nav className='pv-sidebar' aria-label='Channels'>
            <h2>{boot.team.display_name}</h2>
            {boot.channels.map((c) => (
                <a
                    key={c.id}
                    href={`/${boot.team.name}/channels/${c.name}`}
                    aria-current={c.id === current ? 'page' : undefined}
                    onClick={(e) => {
                        e.preventDefault();
                        navigate(`/${boot.team.name}/channels/${c.name}`);
                    }}
                >{c.type === 'P' ? <LockIcon/> : '# '}{c.display_name}</a>
            ))}
            {boot.directChannels.length > 0 && <h3>Direct messages</h3>}
            {boot.directChannels.map((c) => (
                <a
                    key={c.id}
                    href={`/${boot.team.name}/messages/${c.display_name}`}
                    aria-current={c.id === current ? 'page' : undefined}
                    onClick={(e) => {
                        e.preventDefault();
                        navigate(`/${boot.team.name}/messages/${c.display_name}`);
                    }}
                >{c.display_name}</a>
            ))}
        </nav>
    );
}

function ChannelHeader({channel}: {channel: MMChannel}) {
    const reg = useSyncExternalStore(subscribeRegistrations, registrations);
    const buttons = visibleHeaderButtons(reg);
    return (
        <div className='pv-header'>
            <h1>{channel.display_name}</h1>
            {buttons.map((b) => (
                <button key={b.id} type='button' aria-label={typeof b.tooltip === 'string' ? b.tooltip : undefined} onClick={() => b.action(channel, {})}>{b.icon}</button>
            ))}
        </div>
    );
}

function useChannelPosts(channelId: string): () => void {
    const store = useStore();
    const load = React.useCallback(() => {
        if (!channelId) {
            return;
        }
        api.posts(channelId).then((r) => {
            const posts = Object.values(r.posts) as MMPost[];
            store.dispatch({type: 'RECEIVED_POSTS', data: posts});
            ensureProfiles(store, posts.map((p) => p.user_id));
        }, (err: Error) => console.error(`could not load posts: ${err.message}`));
    }, [channelId, store]);
    useEffect(load, [load]);
    return load;
}

export function App({boot}: {boot: Bootstrap}) {
    const path = usePath();
    const route = parseRoute(path);
    const dispatch = useDispatch();
    const store = useStore();
    const posts = useSelector((s: State) => s.entities.posts.posts as Record<string, MMPost>);
    const reg = useSyncExternalStore(subscribeRegistrations, registrations);

    let channel: MMChannel | undefined;
    let highlight: string | null = null;
    if (route.kind === 'channel') {
        channel = boot.channels.find((c) => c.name === route.name);
    } else if (route.kind === 'direct') {
        channel = boot.directChannels.find((c) => c.display_name === `@${route.username}`);
    } else if (route.kind === 'permalink') {
        highlight = route.postId;
        channel = [...boot.channels, ...boot.directChannels].find((c) => c.id === posts[route.postId]?.channel_id);
    }
    const channelId = channel?.id ?? '';
    const reload = useChannelPosts(channelId);

    useEffect(() => {
        if (route.kind === 'home') {
            const first = boot.channels.find((c) => c.name === 'security-release') ?? boot.channels[0];
            navigate(first ? `/${boot.team.name}/channels/${first.name}` : '/admin_console');
        }
    }, [route.kind, boot]);
    useEffect(() => {
        if (channelId) {
            dispatch({type: 'SELECT_CHANNEL', data: channelId});
        }
    }, [channelId, dispatch]);
    // One websocket for the page's life; a reconnect refetches whichever channel is open then.
    const reloadRef = React.useRef(reload);
    reloadRef.current = reload;
    useEffect(() => connectEvents(store, () => reloadRef.current(), (s) => window.dispatchEvent(new CustomEvent('preview-live', {detail: s.connected}))), [store]);

    let center: React.ReactNode;
    if (route.kind === 'console') {
        const pluginId = /^plugins\/plugin_(.+)$/.exec(route.section)?.[1] ?? boot.plugins[0]?.id ?? '';
        center = <PluginConsole pluginId={pluginId} isAdmin={boot.isAdmin}/>;
    } else if (channel) {
        center = (
            <section className='pv-center' aria-label={`Channel ${channel.display_name}`}>
                <ChannelHeader channel={channel}/>
                <PostList channelId={channel.id} highlight={highlight}/>
                <Composer channelId={channel.id} channelName={channel.display_name} teamId={boot.team.id}/>
            </section>
        );
    } else {
        center = <div className='pv-banner' role='alert'>{route.kind === 'permalink' ? 'That post is not in a channel you can see.' : 'Channel not found, or you are not a member.'}</div>;
    }
    return (
        <div className='pv-shell'>
            <TopBar boot={boot} path={path}/>
            <div className='pv-main'>
                <ChannelSidebar boot={boot} current={route.kind === 'console' ? '' : channelId}/>
                {center}
                {route.kind === 'console' ? <div/> : <Rhs/>}
                <AppBar/>
            </div>
            {reg.root.map((r) => <r.component key={r.id}/>)}
            <InteractiveDialog teamId={boot.team.id}/>
        </div>
    );
}
