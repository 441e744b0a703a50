// Picks people by searching the server's user autocomplete. From the search field,
// ArrowDown/ArrowUp move a highlight through the results (announced with
// aria-activedescendant) and Enter picks it; Enter never submits the surrounding form.
// Results stay real buttons, so Tab and a click work too.
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
    const [active, setActive] = useState(-1);

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
                    setActive(-1);
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
        setActive(-1);
    };

    const shown = term.trim() !== '' ? results : [];
    const optionId = (i: number) => `${inputId}-opt-${i}`;
    const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            if (shown.length === 0) {
                return;
            }
            e.preventDefault();
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setActive((i) => (i < 0 && step < 0 ? shown.length - 1 : (i + step + shown.length) % shown.length));
        } else if (e.key === 'Enter') {
            // A picker is never a reason to submit the form it sits in.
            e.preventDefault();
            if (active >= 0 && active < shown.length) {
                pick(shown[active]);
            }
        } else if (e.key === 'Escape' && shown.length > 0) {
            e.stopPropagation();
            setResults([]);
            setActive(-1);
        }
    };
    const activeId = active >= 0 && active < shown.length ? optionId(active) : undefined;

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
                aria-controls={shown.length > 0 ? `${inputId}-results` : undefined}
                aria-activedescendant={activeId}
                onChange={(e) => {
                    setTerm(e.target.value);
                    setActive(-1);
                }}
                onKeyDown={onKeyDown}
            />
            {error && <div className='rc-field-error' role='alert'>{t('errorPrefix', {message: error})}</div>}
            {shown.length > 0 && (
                <ul id={`${inputId}-results`} className='rc-results' aria-label={t('userSearch')}>
                    {shown.map((u, i) => (
                        <li key={u.id}>
                            <button
                                id={optionId(i)}
                                type='button'
                                className={`rc-btn rc-btn--row${i === active ? ' rc-btn--active' : ''}`}
                                aria-current={i === active ? true : undefined}
                                onMouseDown={(e) => e.preventDefault()}
                                onClick={() => pick(u)}
                            >
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
