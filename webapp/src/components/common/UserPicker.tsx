// Picks people by searching the server's user autocomplete. Results are real buttons so
// the keyboard path is Tab and Enter; selected people are listed with remove buttons.
import React, {useEffect, useState} from 'react';
import {useSelector} from 'react-redux';
import type {UserProfile} from '@mattermost/types/users';

import {messageOf} from '../../api/errors';
import {getCurrentChannelId, getCurrentTeamId} from '../../state/selectors';
import {useServices, useT} from '../context';
import {displayName, useProfiles, useDomId} from '../hooks';

import {Avatar} from './Avatar';

const SEARCH_DELAY_MS = 250;

interface Props {
    label: string;
    selected: string[];
    onChange: (ids: string[]) => void;
    /** One person only: picking replaces the selection. */
    single?: boolean;
    disabled?: boolean;
}

export function UserPicker({label, selected, onChange, single, disabled}: Props) {
    const t = useT();
    const {ops} = useServices();
    const inputId = useDomId();
    const teamId = useSelector(getCurrentTeamId);
    const channelId = useSelector(getCurrentChannelId);
    const profiles = useProfiles(selected);
    const [term, setTerm] = useState('');
    const [results, setResults] = useState<UserProfile[]>([]);
    const [error, setError] = useState<string | null>(null);

    const selectedKey = selected.join(',');
    useEffect(() => {
        const q = term.trim();
        if (!q) {
            setResults([]);
            return undefined;
        }
        let live = true;
        const timer = setTimeout(() => {
            ops.api.searchUsers(q, teamId, channelId ?? '').then((users) => {
                if (live) {
                    setResults(users.filter((u) => !selectedKey.split(',').includes(u.id)));
                    setError(null);
                }
            }, (err) => {
                if (live) {
                    setError(messageOf(err));
                }
            });
        }, SEARCH_DELAY_MS);
        return () => {
            live = false;
            clearTimeout(timer);
        };
    }, [term, ops, teamId, channelId, selectedKey]);

    const pick = (user: UserProfile) => {
        onChange(single ? [user.id] : [...selected, user.id]);
        setTerm('');
        setResults([]);
    };

    return (
        <div className='rc-picker'>
            <label htmlFor={inputId} className='rc-label'>{label}</label>
            {selected.length > 0 && (
                <ul className='rc-chips'>
                    {selected.map((id) => {
                        const name = displayName(profiles[id], id);
                        return (
                            <li key={id} className='rc-chip'>
                                <Avatar userId={id} user={profiles[id]} decorative/>
                                <span>{name}</span>
                                <button
                                    type='button'
                                    className='rc-btn rc-btn--icon'
                                    aria-label={t('removeUser', {name})}
                                    disabled={disabled}
                                    onClick={() => onChange(selected.filter((x) => x !== id))}
                                >{'×'}</button>
                            </li>
                        );
                    })}
                </ul>
            )}
            <input
                id={inputId}
                className='rc-input'
                type='search'
                value={term}
                disabled={disabled}
                placeholder={t('userSearchPlaceholder')}
                autoComplete='off'
                onChange={(e) => setTerm(e.target.value)}
            />
            {error && <div className='rc-field-error' role='alert'>{t('errorPrefix', {message: error})}</div>}
            {term.trim() !== '' && results.length > 0 && (
                <ul className='rc-results' aria-label={t('userSearch')}>
                    {results.map((u) => (
                        <li key={u.id}>
                            <button type='button' className='rc-btn rc-btn--row' onClick={() => pick(u)}>
                                <Avatar userId={u.id} user={u} decorative/>
                                <span>{displayName(u, u.id)}</span>
                            </button>
                        </li>
                    ))}
                </ul>
            )}
        </div>
    );
}
