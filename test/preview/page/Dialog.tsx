// Interactive dialogs, drawn from the open_dialog event as the web app draws them (the form
// slash commands open; on mobile the same dialog is the only UI): text, textarea, select,
// bool and radio elements, the web app's own checks before sending (a required field left
// empty, too short, not a number), then POST /api/v4/actions/dialogs/submit. The answer's
// `errors` go under their fields, `error` under the form, an empty answer closes it.
import React, {useRef, useState} from 'react';
import {useDispatch, useSelector} from 'react-redux';

import {api} from './api';
import type {DialogElement, OpenDialog, Views} from './store';

type Value = string | boolean;

function initial(e: DialogElement): Value {
    if (e.type === 'bool') {
        return String(e.default ?? '').toLowerCase() === 'true';
    }
    return e.default ?? '';
}

/** The web app's checks before a submission is sent (interactive_dialog.error.*). */
function problem(e: DialogElement, value: Value): string | null {
    if (e.type === 'bool') {
        return !e.optional && value !== true ? 'This field is required.' : null;
    }
    const text = String(value ?? '');
    if (text.trim() === '') {
        return e.optional ? null : 'This field is required.';
    }
    if ((e.type === 'text' || e.type === 'textarea') && e.min_length && text.length < e.min_length) {
        return `Minimum input length is ${e.min_length}.`;
    }
    if (e.subtype === 'number' && Number.isNaN(Number(text))) {
        return 'Must be a number.';
    }
    return null;
}

/** Values as the web app sends them: numbers for the number subtype, booleans for bool. */
function submitted(e: DialogElement, value: Value): unknown {
    if (e.type === 'text' && e.subtype === 'number' && String(value).trim() !== '') {
        return Number(value);
    }
    return value;
}

function Field({e, value, error, onChange, first}: {e: DialogElement; value: Value; error?: string; onChange: (v: Value) => void; first: boolean}) {
    const id = `pv-dialog-${e.name}`;
    const described = [e.help_text ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
    const common = {id, 'aria-describedby': described, 'aria-invalid': error ? true : undefined, autoFocus: first};
    let input: React.ReactNode;
    switch (e.type) {
    case 'textarea':
        input = <textarea {...common} rows={4} value={String(value)} placeholder={e.placeholder} maxLength={e.max_length || undefined} onChange={(ev) => onChange(ev.target.value)}/>;
        break;
    case 'select':
        input = (
            <select {...common} value={String(value)} onChange={(ev) => onChange(ev.target.value)}>
                {(e.optional || !value) && <option value=''>{e.placeholder || ''}</option>}
                {(e.options ?? []).map((o) => <option key={o.value} value={o.value}>{o.text}</option>)}
            </select>
        );
        break;
    case 'bool':
        input = <label className='pv-check'><input {...common} type='checkbox' checked={value === true} onChange={(ev) => onChange(ev.target.checked)}/> {e.placeholder}</label>;
        break;
    case 'radio':
        input = (
            <div role='radiogroup' aria-labelledby={`${id}-label`} aria-describedby={described}>
                {(e.options ?? []).map((o) => (
                    <label key={o.value}><input type='radio' name={id} checked={value === o.value} onChange={() => onChange(o.value)}/> {o.text} </label>
                ))}
            </div>
        );
        break;
    default:
        input = <input {...common} type={e.subtype === 'password' ? 'password' : 'text'} value={String(value)} placeholder={e.placeholder} maxLength={e.max_length || undefined} onChange={(ev) => onChange(ev.target.value)}/>;
    }
    return (
        <div className='pv-dialog-field'>
            {e.type === 'bool' || e.type === 'radio'
                ? <div className='pv-label' id={`${id}-label`}>{e.display_name}{e.optional ? ' (optional)' : ''}</div>
                : <label className='pv-label' htmlFor={id} id={`${id}-label`}>{e.display_name}{e.optional ? ' (optional)' : ''}</label>}
            {input}
            {e.help_text && <div className='pv-help' id={`${id}-help`}>{e.help_text}</div>}
            {error && <div className='pv-error' id={`${id}-error`}>{error}</div>}
        </div>
    );
}

function DialogForm({request, channelId, teamId}: {request: OpenDialog; channelId: string; teamId: string}) {
    const dispatch = useDispatch();
    const elements = request.dialog.elements ?? [];
    const [values, setValues] = useState<Record<string, Value>>(() => Object.fromEntries(elements.map((e) => [e.name, initial(e)])));
    const [errors, setErrors] = useState<Record<string, string>>({});
    const [error, setError] = useState<string | null>(null);
    const [busy, setBusy] = useState(false);
    const opener = useRef<Element | null>(document.activeElement);
    const base = {url: request.url, callback_id: request.dialog.callback_id, state: request.dialog.state ?? '', channel_id: channelId, team_id: teamId};

    const close = () => {
        dispatch({type: 'PREVIEW_CLOSE_DIALOG'});
        (opener.current as HTMLElement | null)?.focus?.();
    };
    const cancel = () => {
        if (request.dialog.notify_on_cancel) {
            api.submitDialog({...base, submission: {}, cancelled: true}).catch(() => undefined);
        }
        close();
    };

    async function submit(): Promise<void> {
        const found = Object.fromEntries(elements.map((e) => [e.name, problem(e, values[e.name])]).filter(([, p]) => p)) as Record<string, string>;
        setErrors(found);
        setError(null);
        if (Object.keys(found).length) {
            return;
        }
        setBusy(true);
        try {
            const submission = Object.fromEntries(elements.map((e) => [e.name, submitted(e, values[e.name])]));
            const answer = await api.submitDialog({...base, submission, cancelled: false});
            if (answer?.errors && Object.keys(answer.errors).length) {
                setErrors(answer.errors);
            }
            if (answer?.error) {
                setError(answer.error);
            }
            if (!answer?.error && !(answer?.errors && Object.keys(answer.errors).length)) {
                close();
            }
        } catch (err) {
            setError(err instanceof Error ? err.message : String(err));
        } finally {
            setBusy(false);
        }
    }

    const intro = request.dialog.introduction_text;
    return (
        <div className='pv-dialog-backdrop'>
            <form
                className='pv-dialog' role='dialog' aria-modal='true' aria-label={request.dialog.title}
                onKeyDown={(ev) => ev.key === 'Escape' && cancel()}
                onSubmit={(ev) => {
                    ev.preventDefault();
                    void submit();
                }}
            >
                <h2>{request.dialog.title}</h2>
                {intro && <div className='pv-md'>{window.PostUtils!.messageHtmlToComponent!(window.PostUtils!.formatText!(intro))}</div>}
                {elements.map((e, i) => (
                    <Field key={e.name} e={e} value={values[e.name]} error={errors[e.name]} first={i === 0}
                        onChange={(v) => setValues((old) => ({...old, [e.name]: v}))}/>
                ))}
                {error && <div className='pv-error' role='alert'>{error}</div>}
                <div className='pv-save'>
                    <button type='button' className='pv-secondary' onClick={cancel}>Cancel</button>
                    <button type='submit' disabled={busy}>{request.dialog.submit_label || 'Submit'}</button>
                </div>
            </form>
        </div>
    );
}

export function InteractiveDialog({teamId}: {teamId: string}) {
    const open = useSelector((s: {views: Views}) => s.views.dialog);
    if (!open) {
        return null;
    }
    // A new dialog (another trigger) starts from its own defaults.
    return <DialogForm key={open.request.trigger_id} request={open.request} channelId={open.channelId} teamId={teamId}/>;
}
