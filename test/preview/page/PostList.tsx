// The channel's posts, oldest first, each with the "Message actions" menu that lists the
// plugin post actions whose filter accepts the post (filters run on every menu render).
import React, {useEffect, useRef, useState, useSyncExternalStore} from 'react';
import {useSelector} from 'react-redux';

import {api} from './api';
import {registrations, subscribeRegistrations} from './registry';
import type {MMPost, MMUser} from './store';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type State = any;

function displayName(u: MMUser | undefined, fallback: string): string {
    if (!u) {
        return fallback;
    }
    return u.username;
}

function PostMenu({postId}: {postId: string}) {
    const [open, setOpen] = useState(false);
    // As the web app's menus: opened upwards when the post is in the lower half of the window.
    const [upwards, setUpwards] = useState(false);
    const ref = useRef<HTMLDivElement>(null);
    const reg = useSyncExternalStore(subscribeRegistrations, registrations);
    useEffect(() => {
        if (!open) {
            return undefined;
        }
        const away = (e: MouseEvent) => {
            if (!ref.current?.contains(e.target as Node)) {
                setOpen(false);
            }
        };
        document.addEventListener('mousedown', away);
        return () => document.removeEventListener('mousedown', away);
    }, [open]);
    const items = open ? reg.postActions.filter((a) => {
        try {
            return a.filter ? a.filter(postId) : true;
        } catch (err) {
            console.error('post action filter failed', err);
            return false;
        }
    }) : [];
    return (
        <div ref={ref} className={`pv-actions${open ? ' pv-open' : ''}`} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
            <button type='button' aria-label='Message actions' aria-haspopup='menu' aria-expanded={open} onClick={(e) => {
                setUpwards(e.currentTarget.getBoundingClientRect().bottom > window.innerHeight / 2);
                setOpen(!open);
            }}>⋯</button>
            {open && (
                <ul className={`pv-menu${upwards ? ' pv-up' : ''}`} role='menu' aria-label='Message actions'>
                    {items.length === 0 && <li className='pv-empty' role='none'>No actions</li>}
                    {items.map((a) => (
                        <li key={a.id} role='none'>
                            <button
                                type='button'
                                role='menuitem'
                                onClick={() => {
                                    setOpen(false);
                                    a.action(postId);
                                }}
                            >{a.text}</button>
                        </li>
                    ))}
                </ul>
            )}
        </div>
    );
}

interface AttachmentAction {id?: string; name?: string; style?: string}
interface Attachment {text?: string; color?: string; actions?: AttachmentAction[]}

/**
 * Message attachments (props.attachments) as the web and mobile apps show them: the text as
 * Markdown beside a coloured bar, and each action a button that asks the server to run it
 * (POST /api/v4/posts/{post_id}/actions/{action_id}); the server then edits the post or opens
 * a dialog, which arrive on the websocket.
 */
function Attachments({post}: {post: MMPost}) {
    const list = Array.isArray(post.props?.attachments) ? (post.props.attachments as Attachment[]) : [];
    const utils = window.PostUtils!;
    const [failure, setFailure] = useState('');
    return (
        <>
            {list.map((a, i) => (
                <div key={i} className='pv-attachment' style={{borderLeftColor: typeof a.color === 'string' ? a.color : undefined}} data-testid='attachment'>
                    {a.text && <div className='pv-body'>{utils.messageHtmlToComponent!(utils.formatText!(a.text))}</div>}
                    {Array.isArray(a.actions) && a.actions.length > 0 && (
                        <div className='pv-attachment-actions'>
                            {a.actions.map((action) => (
                                <button
                                    key={action.id}
                                    type='button'
                                    className={action.style === 'primary' ? 'pv-primary' : undefined}
                                    onClick={() => {
                                        setFailure('');
                                        api.postAction(post.id, action.id ?? '').catch((err: Error) => setFailure(err.message));
                                    }}
                                >{action.name}</button>
                            ))}
                        </div>
                    )}
                </div>
            ))}
            {failure && <div className='pv-note' role='alert'>{failure}</div>}
        </>
    );
}

function Post({post, highlighted}: {post: MMPost; highlighted: boolean}) {
    const profile = useSelector((s: State) => s.entities.users.profiles[post.user_id] as MMUser | undefined);
    // As the web app: system posts (an ephemeral command answer is one) are shown as from System.
    const system = (post.type ?? '').startsWith('system_');
    const author = system ? {id: post.user_id, username: 'System'} : profile;
    const utils = window.PostUtils!;
    const body = utils.messageHtmlToComponent!(utils.formatText!(post.message));
    const when = new Date(post.create_at);
    return (
        <div
            className={`pv-post${post.root_id ? ' pv-reply' : ''}${highlighted ? ' pv-highlight' : ''}`}
            id={`post_${post.id}`}
            data-testid='post'
            data-post-id={post.id}
            data-root-id={post.root_id || undefined}
            role='article'
            aria-label={`${displayName(author, 'someone')}: ${post.message.slice(0, 80)}`}
        >
            {system
                ? <span className='pv-avatar pv-system' aria-hidden='true'>M</span>
                : <img className='pv-avatar' alt='' src={`/api/v4/users/${post.user_id}/image?_=0`}/>}
            <div>
                <span className='pv-name'>{displayName(author, post.user_id)}</span>
                {author?.is_bot && <span className='pv-note'>BOT </span>}
                <time className='pv-time' dateTime={when.toISOString()}>{when.toLocaleTimeString()}</time>
                {post.root_id && <span className='pv-note'> · reply in thread</span>}
                {post.ephemeral && <span className='pv-note'> · (Only visible to you)</span>}
                <div className='pv-body'>{body}</div>
                <Attachments post={post}/>
            </div>
            {!post.ephemeral && <PostMenu postId={post.id}/>}
        </div>
    );
}

const NO_POSTS: string[] = [];

export function PostList({channelId, highlight}: {channelId: string; highlight: string | null}) {
    const order = useSelector((s: State) => (s.entities.posts.postsInChannel[channelId]?.[0]?.order ?? NO_POSTS) as string[]);
    const posts = useSelector((s: State) => s.entities.posts.posts as Record<string, MMPost>);
    const end = useRef<HTMLDivElement>(null);
    const newest = order[0];
    useEffect(() => {
        if (highlight) {
            document.getElementById(`post_${highlight}`)?.scrollIntoView({block: 'center'});
        } else {
            end.current?.scrollIntoView({block: 'end'});
        }
    }, [newest, highlight]);
    return (
        <div className='pv-posts' aria-label='Posts' role='log'>
            {[...order].reverse().map((id) => posts[id] && <Post key={id} post={posts[id]} highlighted={id === highlight}/>)}
            <div ref={end}/>
        </div>
    );
}
