// The inline forms behind a step's "more" button: skip (reason required), reassign, due
// time, note. Each form reports its own error next to its fields.
import React, {useState} from 'react';

import {messageOf} from '../../api/errors';
import type {RunStep, StepVerb} from '../../api/types';
import {BOUNDS} from '../../../../server-bridge/src/product/runs/inputs';
import {fromLocalInput, toLocalInput} from '../../model/time';
import {UserPicker} from '../common/UserPicker';
import {useT} from '../context';
import {useDomId} from '../hooks';

export type StepAct = (stepId: string, verb: StepVerb, body: Record<string, unknown>) => Promise<unknown>;

type Panel = 'skip' | 'reassign' | 'due' | 'note';

interface Props {
    step: RunStep;
    zone: string;
    act: StepAct;
    mayClose: boolean;
    onDone: () => void;
}

export function StepActions({step, zone, act, mayClose, onDone}: Props) {
    const t = useT();
    const [panel, setPanel] = useState<Panel | null>(null);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<string | null>(null);
    const [reason, setReason] = useState('');
    const [note, setNote] = useState('');
    const [due, setDue] = useState(() => toLocalInput(step.dueAt, zone));
    const [assignee, setAssignee] = useState<string[]>(step.assignee ? [step.assignee] : []);
    const ids = {reason: useDomId(), note: useDomId(), due: useDomId(), noteCount: useDomId()};

    const run = async (verb: StepVerb, body: Record<string, unknown>) => {
        setBusy(true);
        setError(null);
        try {
            await act(step.id, verb, body);
            setBusy(false);
            onDone();
        } catch (err) {
            setBusy(false);
            setError(messageOf(err));
        }
    };

    const submitSkip = (e: React.FormEvent) => {
        e.preventDefault();
        if (!reason.trim()) {
            setError(t('skipReasonRequired'));
            return;
        }
        run('skip', {reason: reason.trim()});
    };
    const submitNote = (e: React.FormEvent) => {
        e.preventDefault();
        if (!note.trim()) {
            setError(t('noteRequired'));
            return;
        }
        run('note', {text: note.trim()});
    };
    const submitDue = (e: React.FormEvent) => {
        e.preventDefault();
        const iso = fromLocalInput(due, zone);
        if (!iso) {
            setError(t('dueInvalid'));
            return;
        }
        run('due', {dueAt: iso});
    };

    const open = (p: Panel) => {
        setPanel(panel === p ? null : p);
        setError(null);
    };
    const tab = (p: Panel, label: string, disabled = false) => (
        <button type='button' className='rc-btn rc-btn--small' aria-expanded={panel === p} disabled={disabled} onClick={() => open(p)}>{label}</button>
    );

    return (
        <div className='rc-step-actions' role='group' aria-label={t('actionsFor', {title: step.title})}>
            <div className='rc-row'>
                {step.state === 'open' && tab('skip', t('skip'), !mayClose)}
                {tab('reassign', t('reassign'))}
                {tab('due', t('editDue'))}
                {tab('note', t('addNote'))}
            </div>
            {panel === 'skip' && (
                <form className='rc-form' onSubmit={submitSkip} noValidate>
                    <label htmlFor={ids.reason} className='rc-label'>{t('skipReason')}</label>
                    <input
                        id={ids.reason}
                        className='rc-input'
                        value={reason}
                        required
                        aria-required='true'
                        aria-invalid={Boolean(error) || undefined}
                        onChange={(e) => setReason(e.target.value)}
                    />
                    <button type='submit' className='rc-btn rc-btn--primary' disabled={busy}>{t('skipConfirm')}</button>
                </form>
            )}
            {panel === 'reassign' && (
                <div className='rc-form'>
                    <UserPicker label={t('reassignTo')} selected={assignee} single onChange={setAssignee} disabled={busy}/>
                    <div className='rc-row'>
                        <button type='button' className='rc-btn rc-btn--primary' disabled={busy || assignee.length === 0} onClick={() => run('assign', {userId: assignee[0]})}>{t('reassign')}</button>
                        {step.assignee && (
                            <button type='button' className='rc-btn' disabled={busy} onClick={() => run('assign', {userId: null})}>{t('backToRole')}</button>
                        )}
                    </div>
                </div>
            )}
            {panel === 'due' && (
                <form className='rc-form' onSubmit={submitDue} noValidate>
                    <label htmlFor={ids.due} className='rc-label'>{t('dueInput', {zone})}</label>
                    <input id={ids.due} className='rc-input' type='datetime-local' value={due} onChange={(e) => setDue(e.target.value)}/>
                    <div className='rc-row'>
                        <button type='submit' className='rc-btn rc-btn--primary' disabled={busy}>{t('dueSave')}</button>
                        {step.dueOverridden && (
                            <button type='button' className='rc-btn' disabled={busy} onClick={() => run('due', {dueAt: null})}>{t('dueReset')}</button>
                        )}
                    </div>
                </form>
            )}
            {panel === 'note' && (
                <form className='rc-form' onSubmit={submitNote} noValidate>
                    <label htmlFor={ids.note} className='rc-label'>{t('noteText')}</label>
                    {/* The server's limit, shown and enforced here: the box says how much is left. */}
                    <textarea
                        id={ids.note}
                        className='rc-input'
                        rows={3}
                        value={note}
                        maxLength={BOUNDS.note}
                        aria-describedby={ids.noteCount}
                        onChange={(e) => setNote(e.target.value)}
                    />
                    <div id={ids.noteCount} className='rc-muted'>{t('noteCount', {count: note.trim().length, max: BOUNDS.note})}</div>
                    <button type='submit' className='rc-btn rc-btn--primary' disabled={busy}>{t('noteSave')}</button>
                </form>
            )}
            {busy && <div className='rc-muted' role='status'>{t('working')}</div>}
            {error && <div className='rc-field-error' role='alert'>{error}</div>}
        </div>
    );
}
