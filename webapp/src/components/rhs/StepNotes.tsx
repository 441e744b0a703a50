// A step's notes under its row: the latest few the step carries, its daily ticks ("Done for
// <day>", among the notes by time as they always were), and, when the step has more notes
// than it carries, a "Show earlier notes" button that pages the rest from the server.
import React, {useEffect, useMemo, useState} from 'react';
import {useIntl} from 'react-intl';
import type {UserProfile} from '@mattermost/types/users';

import {dailyTick} from '../../../../server-bridge/src/product/attention';
import {messageOf} from '../../api/errors';
import type {Note, NotePage, NumberedNote, RunStep} from '../../api/types';
import {formatAbsolute, formatShort} from '../../model/time';
import {Markdown} from '../common/Markdown';
import {useT} from '../context';
import {displayName} from '../hooks';

/** Loads a page of a step's notes with seq below `before`. */
export type LoadNotes = (stepId: string, before: number, limit: number) => Promise<NotePage>;

const PAGE = 50;

export function StepNotes({step, profiles, zone, loadNotes}: {
    step: RunStep;
    profiles: Record<string, UserProfile | undefined>;
    zone: string;
    loadNotes?: LoadNotes;
}) {
    const t = useT();
    const intl = useIntl();
    // Earlier notes loaded so far: consecutive seqs ending just below the step's own notes.
    const [earlier, setEarlier] = useState<NumberedNote[]>([]);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<string | null>(null);
    const firstOwn = step.noteCount - step.notes.length;
    const loadedTo = earlier.length > 0 ? earlier[earlier.length - 1].seq + 1 : null;

    // The step moved some of its notes out since the earlier ones were loaded: fetch the gap.
    useEffect(() => {
        if (!loadNotes || loadedTo === null || loadedTo >= firstOwn) {
            return;
        }
        let live = true;
        loadNotes(step.id, firstOwn, Math.min(firstOwn - loadedTo, 100)).then((page) => {
            if (live) {
                setEarlier((prev) => (page.notes[0]?.seq === loadedTo ? [...prev, ...page.notes] : []));
            }
        }, (err: unknown) => live && setError(messageOf(err)));
        return () => {
            live = false;
        };
    }, [loadNotes, step.id, firstOwn, loadedTo]);

    const from = earlier.length > 0 ? earlier[0].seq : firstOwn;
    const more = from > 0 && loadNotes !== undefined;

    const showEarlier = async () => {
        if (!loadNotes || busy) {
            return;
        }
        setBusy(true);
        setError(null);
        try {
            const page = await loadNotes(step.id, from, PAGE);
            setEarlier((prev) => [...page.notes.filter((n) => n.seq < from), ...prev]);
        } catch (err) {
            setError(messageOf(err));
        } finally {
            setBusy(false);
        }
    };

    const shown = useMemo(() => {
        const own = earlier.filter((n) => n.seq < firstOwn).map((n): Note => ({userId: n.userId, at: n.at, text: n.text}));
        const ticks = (step.ticks ?? []).map((d): Note => ({userId: d.userId, at: d.at, text: dailyTick(d.day)}));
        const all = [...own, ...step.notes];
        // Ticks sit among the notes by time; notes keep their own order.
        return ticks.length === 0 ? all : [...all, ...ticks].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    }, [earlier, firstOwn, step.notes, step.ticks]);

    if (shown.length === 0 && !more) {
        return null;
    }
    return (
        <div className='rc-notes-box'>
            {more && (
                <button type='button' className='rc-btn rc-btn--small' disabled={busy} onClick={showEarlier}>
                    {t('earlierNotes', {count: from})}
                </button>
            )}
            {error && <div className='rc-field-error' role='alert'>{error}</div>}
            {shown.length > 0 && (
                <ul className='rc-notes' aria-label={t('notes')}>
                    {shown.map((n, i) => (
                        // Notes are append-only: with the position, author and time name one note.
                        <li key={`${i}-${n.at}-${n.userId}`}>
                            {/* Who wrote it and when; the text keeps its line breaks (Markdown, as posts). */}
                            <div className='rc-note-head'>
                                <strong>{displayName(profiles[n.userId], n.userId)}</strong>
                                <span className='rc-muted'>{' · '}<time dateTime={n.at} title={formatAbsolute(n.at, zone, intl.locale)}>{formatShort(n.at, zone, intl.locale)}</time></span>
                            </div>
                            <Markdown text={n.text}/>
                        </li>
                    ))}
                </ul>
            )}
        </div>
    );
}
