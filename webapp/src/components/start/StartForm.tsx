// "Start a release": template, version, release day, time zone, role assignments,
// condition questions and issue links, with inline validation and a live schedule
// preview from the server before anything is created.
import React, {useEffect, useMemo, useRef, useState} from 'react';

import {ApiError, messageOf} from '../../api/errors';
import type {Defaults, Run, RunPreview, StartRun, Template} from '../../api/types';
import {hasOwn, ownRecord, ownValue} from '../../model/own';
import {ErrorNote, Loading} from '../common/ErrorNote';
import {UserPicker} from '../common/UserPicker';
import {SettingsProblemsList} from '../console/SettingsProblems';
import {useServices, useT} from '../context';
import {useDomId} from '../hooks';

import {HolidaysField} from './HolidaysField';
import {SchedulePreview} from './SchedulePreview';
import {issueLines, serverFieldErrors, validateStart, type FieldErrors, type StartFields} from './validate';

const PREVIEW_DELAY_MS = 400;

interface Props {
    channelId: string;
    onCreated: (run: Run) => void;
    onCancel?: () => void;
}

export function StartForm({channelId, onCreated, onCancel}: Props) {
    const t = useT();
    const {ops} = useServices();
    const formId = useDomId();
    const [defaults, setDefaults] = useState<Defaults | null>(null);
    const [loadError, setLoadError] = useState<string | null>(null);
    const [attempt, setAttempt] = useState(0);
    const [template, setTemplate] = useState<Template | null>(null);
    const [templateError, setTemplateError] = useState<string | null>(null);
    const [fields, setFields] = useState<StartFields>({templateId: '', version: '', releaseDay: '', timeZone: '', issuesText: ''});
    const [roles, setRoles] = useState<Record<string, string[]>>({});
    // Only the questions answered: a question has no default answer.
    const [conditions, setConditions] = useState<Record<string, boolean>>(() => ownRecord());
    const [holidays, setHolidays] = useState<string[]>([]);
    const [touched, setTouched] = useState<Record<string, boolean>>({});
    const [submitted, setSubmitted] = useState(false);
    const [serverErrors, setServerErrors] = useState<FieldErrors>({});
    const [formError, setFormError] = useState<string | null>(null);
    const [preview, setPreview] = useState<RunPreview | null>(null);
    const [previewError, setPreviewError] = useState<string | null>(null);
    const [busy, setBusy] = useState(false);
    // Bumped by a refused submit: focus (and scroll) then go to the first field in error.
    const [focusRequest, setFocusRequest] = useState(0);
    const formRef = useRef<HTMLFormElement>(null);

    useEffect(() => {
        let live = true;
        setLoadError(null);
        ops.api.defaults().then((d) => {
            if (!live) {
                return;
            }
            setDefaults(d);
            setRoles(d.roles ?? {});
            setFields((f) => ({...f, templateId: f.templateId || d.templates?.[0]?.id || '', timeZone: f.timeZone || d.timeZone || ''}));
        }, (err) => live && setLoadError(messageOf(err)));
        return () => {
            live = false;
        };
    }, [ops, attempt]);

    useEffect(() => {
        if (!fields.templateId) {
            setTemplate(null);
            return undefined;
        }
        let live = true;
        setTemplateError(null);
        ops.api.template(fields.templateId).then((tpl) => {
            if (live) {
                setTemplate(tpl);
                // Answers to a question the new template also asks are kept; nothing is answered for the user.
                setConditions((c) => ownRecord((tpl.conditions ?? []).filter((q) => hasOwn(c, q.id)).map((q) => [q.id, c[q.id]])));
            }
        }, (err) => live && setTemplateError(messageOf(err)));
        return () => {
            live = false;
        };
    }, [ops, fields.templateId]);

    const clientErrors = useMemo(() => validateStart(fields), [fields]);
    const unanswered = useMemo(() => (template?.conditions ?? []).filter((c) => !hasOwn(conditions, c.id)).map((c) => c.id), [template, conditions]);
    // The server refuses roles its template does not have, and the defaults may name roles
    // of other templates: only the chosen template's roles are sent.
    const templateRoles = useMemo(() => {
        const ids = template?.roles.map((r) => r.id) ?? [];
        const chosen: Record<string, string[]> = {};
        for (const id of ids) {
            const users = ownValue(roles, id);
            if (users) {
                chosen[id] = users;
            }
        }
        return chosen;
    }, [template, roles]);
    const request: StartRun = useMemo(() => ({
        channelId,
        templateId: fields.templateId,
        version: fields.version.trim(),
        releaseDay: fields.releaseDay,
        timeZone: fields.timeZone.trim(),
        roles: templateRoles,
        conditions,
        issues: issueLines(fields.issuesText),
        ...(holidays.length > 0 ? {holidays} : {}),
    }), [channelId, fields, templateRoles, conditions, holidays]);

    // Live preview: once the form is valid, ask the server (debounced) for the schedule.
    const requestKey = JSON.stringify(request);
    const hasTemplate = template !== null;
    useEffect(() => {
        // Until the template is known its roles are not, so the request is not final yet; the
        // server also refuses a request with a question unanswered.
        if (clientErrors.length > 0 || !hasTemplate || unanswered.length > 0) {
            setPreview(null);
            return undefined;
        }
        let live = true;
        const timer = setTimeout(() => {
            ops.api.preview(JSON.parse(requestKey) as StartRun).then((p) => {
                if (live) {
                    setPreview(p);
                    setPreviewError(null);
                    setServerErrors({});
                }
            }, (err) => {
                if (!live) {
                    return;
                }
                setPreview(null);
                const fieldErrors = err instanceof ApiError ? serverFieldErrors(err.field, err.message) : null;
                if (fieldErrors) {
                    setServerErrors(fieldErrors);
                    setPreviewError(null);
                } else {
                    setPreviewError(messageOf(err));
                }
            });
        }, PREVIEW_DELAY_MS);
        return () => {
            live = false;
            clearTimeout(timer);
        };
    }, [ops, requestKey, clientErrors.length, hasTemplate, unanswered.length]);

    useEffect(() => {
        if (focusRequest === 0) {
            return;
        }
        const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-error-target]');
        // A question's group is not focusable itself: its first radio is.
        const target = first?.getAttribute('role') === 'radiogroup' ? first.querySelector<HTMLElement>('input') : first;
        target?.focus();
        if (typeof target?.scrollIntoView === 'function') {
            target.scrollIntoView({block: 'center'});
        }
    }, [focusRequest]);

    const set = (key: keyof StartFields) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => {
        setFields({...fields, [key]: e.target.value});
        setTouched({...touched, [key]: true});
        setServerErrors({...serverErrors, [key]: undefined});
    };

    const errorFor = (field: keyof FieldErrors): string | undefined => {
        if (serverErrors[field]) {
            return serverErrors[field];
        }
        if (!touched[field] && !submitted) {
            return undefined;
        }
        const e = clientErrors.find((c) => c.field === field);
        if (!e) {
            return undefined;
        }
        return e.key === 'formIssuesInvalid' ? t(e.key, {line: e.line}) : t(e.key);
    };

    const submit = async (e: React.FormEvent) => {
        e.preventDefault();
        setSubmitted(true);
        setFormError(null);
        if (clientErrors.length > 0 || !template || unanswered.length > 0) {
            setFocusRequest((n) => n + 1);
            return;
        }
        setBusy(true);
        try {
            const run = await ops.api.startRun(request);
            setBusy(false);
            onCreated(run);
        } catch (err) {
            setBusy(false);
            const fieldErrors = err instanceof ApiError ? serverFieldErrors(err.field, messageOf(err)) : null;
            if (fieldErrors) {
                setServerErrors(fieldErrors);
                setFocusRequest((n) => n + 1);
            } else {
                setFormError(messageOf(err));
            }
        }
    };

    if (!defaults) {
        return loadError ? <ErrorNote message={loadError} onRetry={() => setAttempt(attempt + 1)}/> : <Loading/>;
    }

    const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    // What is still missing, by the fields' labels: the hint names it and goes once it is filled in.
    const labels: Record<string, string> = {
        templateId: t('formTemplate'), version: t('formVersion'), releaseDay: t('formReleaseDay'), timeZone: t('formTimeZone'), issuesText: t('formIssues'),
    };
    const missing = [
        ...clientErrors.map((c) => labels[c.field]),
        ...(unanswered.length > 0 ? [t('formMissingQuestions', {count: unanswered.length})] : []),
    ];
    const field = (key: keyof StartFields, label: string, input: React.ReactElement, help?: string) => {
        const error = errorFor(key);
        const id = `${formId}-${key}`;
        return (
            <div className='rc-field'>
                <label htmlFor={id} className='rc-label'>{label}</label>
                {React.cloneElement(input as React.ReactElement<Record<string, unknown>>, {
                    id,
                    'aria-invalid': error ? true : undefined,
                    'aria-describedby': error ? `${id}-error` : help ? `${id}-help` : undefined,
                })}
                {help && !error && <div id={`${id}-help`} className='rc-muted'>{help}</div>}
                {/* Always present, so each error is announced as it appears. */}
                <div id={`${id}-error`} className='rc-field-error' aria-live='polite'>{error}</div>
            </div>
        );
    };

    return (
        <form ref={formRef} className='rc-form rc-start' onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
            <h2 className='rc-h2' id={`${formId}-title`}>{t('formTitle')}</h2>
            {/* Only admins get settingsProblems from the server, so only they see this notice. */}
            <SettingsProblemsList problems={defaults.settingsProblems ?? []} variant='start'/>
            {field('templateId', t('formTemplate'), (
                <select className='rc-input' value={fields.templateId} onChange={set('templateId')}>
                    {(defaults.templates ?? []).map((tpl) => <option key={tpl.id} value={tpl.id}>{tpl.name}</option>)}
                </select>
            ))}
            {templateError && <ErrorNote message={templateError}/>}
            {field('version', t('formVersion'), <input className='rc-input' value={fields.version} onChange={set('version')}/>, t('formVersionHelp'))}
            {field('releaseDay', t('formReleaseDay'), <input className='rc-input' type='date' value={fields.releaseDay} onChange={set('releaseDay')}/>)}
            {field('timeZone', t('formTimeZone'), <input className='rc-input' list={`${formId}-zones`} value={fields.timeZone} onChange={set('timeZone')}/>)}
            <datalist id={`${formId}-zones`}>{zones.map((z) => <option key={z} value={z}/>)}</datalist>
            {template && template.roles.length > 0 && (
                <fieldset className='rc-fieldset'>
                    <legend className='rc-label'>{t('formRoles')}</legend>
                    {template.roles.map((role) => (
                        <UserPicker
                            key={role.id}
                            label={role.name}
                            selected={ownValue(roles, role.id) ?? []}
                            onChange={(ids) => setRoles({...roles, [role.id]: ids})}
                        />
                    ))}
                    {serverErrors.roles && <div className='rc-field-error' role='alert' tabIndex={-1} data-error-target=''>{serverErrors.roles}</div>}
                </fieldset>
            )}
            {template && template.conditions.length > 0 && (
                <fieldset className='rc-fieldset'>
                    <legend className='rc-label'>{t('formConditions')}</legend>
                    <p className='rc-muted'>{t('formConditionsHelp')}</p>
                    {template.conditions.map((c) => (
                        <ConditionQuestion
                            key={c.id}
                            id={`${formId}-condition-${c.id}`}
                            question={c.question}
                            answer={ownValue(conditions, c.id)}
                            error={submitted && !hasOwn(conditions, c.id) ? t('formConditionRequired') : serverErrors.conditions && serverErrors.conditionId === c.id ? serverErrors.conditions : undefined}
                            onAnswer={(yes) => {
                                setConditions(ownRecord([...Object.entries(conditions), [c.id, yes]]));
                                setServerErrors({...serverErrors, conditions: undefined});
                            }}
                        />
                    ))}
                    {serverErrors.conditions && !serverErrors.conditionId && <div className='rc-field-error' role='alert' tabIndex={-1} data-error-target=''>{serverErrors.conditions}</div>}
                </fieldset>
            )}
            <HolidaysField
                days={holidays}
                serverError={serverErrors.holidays}
                onChange={(days) => {
                    setHolidays(days);
                    setServerErrors({...serverErrors, holidays: undefined});
                }}
            />
            {field('issuesText', t('formIssues'), <textarea className='rc-input' rows={3} value={fields.issuesText} onChange={set('issuesText')}/>)}
            {formError && <ErrorNote message={formError}/>}
            {submitted && missing.length > 0 && (
                <div className='rc-field-error' role='alert'>{t('formErrorsSummary', {missing: missing.join(', ')})}</div>
            )}
            <div className='rc-row'>
                <button type='submit' className='rc-btn rc-btn--primary' disabled={busy}>{t('formSubmit')}</button>
                {onCancel && <button type='button' className='rc-btn' onClick={onCancel}>{t('cancel')}</button>}
            </div>
            <div aria-live='polite'>
                {previewError && <ErrorNote message={previewError}/>}
                {preview ? <SchedulePreview preview={preview} zone={request.timeZone}/> : !previewError && (
                    <p className='rc-muted'>{missing.length > 0 ? t('formPreviewHint', {missing: missing.join(', ')}) : t('formPreviewLoading')}</p>
                )}
            </div>
        </form>
    );
}

/** One template question as an explicit Yes / No with nothing chosen until the person answers. */
function ConditionQuestion({id, question, answer, error, onAnswer}: {id: string; question: string; answer: boolean | undefined; error?: string; onAnswer: (yes: boolean) => void}) {
    const t = useT();
    return (
        <div
            role='radiogroup'
            className='rc-question'
            aria-labelledby={`${id}-q`}
            aria-describedby={error ? `${id}-error` : undefined}
            aria-invalid={error ? true : undefined}
            aria-required='true'
            data-field='conditions'
        >
            <div id={`${id}-q`}>{question}</div>
            <div className='rc-row'>
                <label className='rc-check-label'>
                    <input type='radio' name={id} value='yes' checked={answer === true} onChange={() => onAnswer(true)}/>{' '}{t('answerYes')}
                </label>
                <label className='rc-check-label'>
                    <input type='radio' name={id} value='no' checked={answer === false} onChange={() => onAnswer(false)}/>{' '}{t('answerNo')}
                </label>
            </div>
            <div id={`${id}-error`} className='rc-field-error' aria-live='polite'>{error}</div>
        </div>
    );
}
