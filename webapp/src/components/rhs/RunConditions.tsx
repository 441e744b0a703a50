// The run's answers to its template's questions: which conditional steps are part of this
// release. Everyone sees them; the Release Manager (whoever may manage the run) can change
// an answer in the manage panel, and the server adds or removes the question's steps.
import React, {useState} from 'react';

import {messageOf} from '../../api/errors';
import type {Run} from '../../api/types';
import {hasOwn, ownRecord, ownValue} from '../../model/own';
import {useServices, useT} from '../context';
import {useDomId} from '../hooks';

function questions(run: Run): Array<{id: string; question: string; answer: boolean}> {
    return Object.keys(run.conditions ?? {}).map((id) => ({id, question: ownValue(run.conditionQuestions ?? {}, id) ?? id, answer: run.conditions[id] === true}));
}

export function RunConditions({run}: {run: Run}) {
    const t = useT();
    const list = questions(run);
    if (list.length === 0) {
        return null;
    }
    return (
        <section className='rc-conditions' aria-label={t('conditionsTitle')}>
            <h3 className='rc-h4'>{t('conditionsTitle')}</h3>
            <ul className='rc-plain-list'>
                {list.map((q) => (
                    <li key={q.id}>
                        {q.question}{' '}<strong>{q.answer ? t('answerYes') : t('answerNo')}</strong>
                    </li>
                ))}
            </ul>
        </section>
    );
}

/** In the manage panel: change answers; only the changed ones are sent. */
export function EditConditions({run}: {run: Run}) {
    const t = useT();
    const {ops} = useServices();
    const baseId = useDomId();
    const [draft, setDraft] = useState<Record<string, boolean>>(() => ownRecord());
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<string | null>(null);
    const [saved, setSaved] = useState(false);
    const list = questions(run);
    if (list.length === 0) {
        return null;
    }
    const changed = ownRecord(list.filter((q) => hasOwn(draft, q.id) && draft[q.id] !== q.answer).map((q) => [q.id, draft[q.id]]));
    const save = async () => {
        setBusy(true);
        setError(null);
        setSaved(false);
        try {
            await ops.setConditions(run.id, changed);
            setDraft(ownRecord());
            setSaved(true);
        } catch (err) {
            setError(messageOf(err));
        } finally {
            setBusy(false);
        }
    };
    return (
        <fieldset className='rc-fieldset' disabled={busy}>
            <legend className='rc-label'>{t('conditionsTitle')}</legend>
            <p className='rc-muted'>{t('conditionsEditHelp')}</p>
            {list.map((q, i) => {
                const answer = hasOwn(draft, q.id) ? draft[q.id] : q.answer;
                const id = `${baseId}-${i}`;
                return (
                    <div key={q.id} role='radiogroup' aria-labelledby={`${id}-q`} className='rc-question'>
                        <div id={`${id}-q`}>{q.question}</div>
                        <div className='rc-row'>
                            {[true, false].map((yes) => (
                                <label key={String(yes)} className='rc-check-label'>
                                    <input
                                        type='radio'
                                        name={id}
                                        checked={answer === yes}
                                        onChange={() => {
                                            setDraft(ownRecord([...Object.entries(draft), [q.id, yes]]));
                                            setSaved(false);
                                        }}
                                    />{' '}{yes ? t('answerYes') : t('answerNo')}
                                </label>
                            ))}
                        </div>
                    </div>
                );
            })}
            <div className='rc-row'>
                <button type='button' className='rc-btn rc-btn--primary rc-btn--small' disabled={busy || Object.keys(changed).length === 0} onClick={save}>
                    {t('conditionsSave')}
                </button>
            </div>
            {error && <div className='rc-field-error' role='alert'>{error}</div>}
            {saved && <div className='rc-muted' role='status'>{t('conditionsSaved')}</div>}
        </fieldset>
    );
}
