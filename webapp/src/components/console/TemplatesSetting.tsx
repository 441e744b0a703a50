// System Console: the template editor. Markdown on the left, the parsed template and its
// line-numbered errors (POST /templates/parse, debounced) below, saved with PUT
// /templates/:id. Clicking an error moves the cursor to its line.
import React, {useEffect, useRef, useState} from 'react';

import {ApiError, messageOf} from '../../api/errors';
import type {ParseResult, TemplateError, TemplateSummary} from '../../api/types';
import type {AdminSettingProps} from '../../host';
import {ErrorNote, Loading} from '../common/ErrorNote';
import {useServices, useT} from '../context';
import {useDomId} from '../hooks';

import {TemplatePreview} from './TemplatePreview';

const PARSE_DELAY_MS = 500;
const NEW = '__new__';
/** The server's rule for template ids. */
const TEMPLATE_ID = /^[a-z0-9-]{1,64}$/;

/** Character offset of the start of a 1-based line. */
export function offsetOfLine(text: string, line: number): number {
    let offset = 0;
    for (let i = 1; i < line; i++) {
        const next = text.indexOf('\n', offset);
        if (next === -1) {
            return text.length;
        }
        offset = next + 1;
    }
    return offset;
}

export function TemplatesSetting(props: AdminSettingProps) {
    const t = useT();
    const {ops} = useServices();
    const ids = {select: useDomId(), editor: useDomId(), newId: useDomId()};
    const editorRef = useRef<HTMLTextAreaElement>(null);
    const [list, setList] = useState<TemplateSummary[] | null>(null);
    const [listError, setListError] = useState<string | null>(null);
    const [templateId, setTemplateId] = useState('');
    /** Id typed for a new template; null while editing an existing one. */
    const [newId, setNewId] = useState<string | null>(null);
    const [markdown, setMarkdown] = useState<string | null>(null);
    const [loadError, setLoadError] = useState<string | null>(null);
    const [parsed, setParsed] = useState<ParseResult | null>(null);
    const [parsing, setParsing] = useState(false);
    const [parseError, setParseError] = useState<string | null>(null);
    const [saveState, setSaveState] = useState<{busy: boolean; error: string | null; errors: TemplateError[]; saved: boolean}>({busy: false, error: null, errors: [], saved: false});

    useEffect(() => {
        let live = true;
        ops.api.templates().then((l) => {
            if (live) {
                setList(l);
                setTemplateId((cur) => cur || l[0]?.id || '');
            }
        }, (err) => live && setListError(messageOf(err)));
        return () => {
            live = false;
        };
    }, [ops]);

    useEffect(() => {
        if (!templateId || templateId === NEW) {
            return undefined;
        }
        let live = true;
        setMarkdown(null);
        setLoadError(null);
        ops.api.exportTemplate(templateId).then((md) => live && setMarkdown(md), (err) => live && setLoadError(messageOf(err)));
        return () => {
            live = false;
        };
    }, [ops, templateId]);

    useEffect(() => {
        if (markdown === null) {
            return undefined;
        }
        let live = true;
        setParsing(true);
        const timer = setTimeout(() => {
            ops.api.parseTemplate(markdown).then((r) => {
                if (live) {
                    setParsed(r);
                    setParseError(null);
                    setParsing(false);
                }
            }, (err) => {
                if (live) {
                    setParseError(messageOf(err));
                    setParsing(false);
                }
            });
        }, PARSE_DELAY_MS);
        return () => {
            live = false;
            clearTimeout(timer);
        };
    }, [ops, markdown]);

    const goToLine = (line: number) => {
        const el = editorRef.current;
        if (el && markdown !== null) {
            const at = offsetOfLine(markdown, line);
            el.focus();
            el.setSelectionRange(at, at);
        }
    };

    const choose = (value: string) => {
        // A new template starts as a copy of the one on screen: easier to adapt than a blank page.
        setNewId(value === NEW ? '' : null);
        setTemplateId(value);
        setSaveState({busy: false, error: null, errors: [], saved: false});
    };

    const targetId = newId ?? templateId;
    const newIdError = newId !== null && !TEMPLATE_ID.test(newId) ? t('consoleNewIdInvalid') : null;

    const save = async () => {
        if (markdown === null || !targetId || newIdError) {
            return;
        }
        setSaveState({busy: true, error: null, errors: [], saved: false});
        try {
            await ops.api.saveTemplate(targetId, markdown);
            if (newId !== null) {
                const l = await ops.api.templates();
                setList(l);
                setNewId(null);
                setTemplateId(targetId);
            }
            setSaveState({busy: false, error: null, errors: [], saved: true});
        } catch (err) {
            setSaveState({busy: false, error: messageOf(err), errors: err instanceof ApiError ? err.details ?? [] : [], saved: false});
        }
    };

    if (!list) {
        return listError ? <ErrorNote message={listError}/> : <Loading/>;
    }
    const errors = saveState.errors.length > 0 ? saveState.errors : parsed?.errors ?? [];
    const disabled = props.disabled || saveState.busy;
    return (
        <div className='rc-root rc-console'>
            <div className='rc-field'>
                <label htmlFor={ids.select} className='rc-label'>{t('consoleTemplate')}</label>
                <select id={ids.select} className='rc-input' value={templateId} onChange={(e) => choose(e.target.value)}>
                    {list.map((tpl) => <option key={tpl.id} value={tpl.id}>{tpl.name}</option>)}
                    <option value={NEW}>{t('consoleNewTemplate')}</option>
                </select>
            </div>
            {newId !== null && (
                <div className='rc-field'>
                    <label htmlFor={ids.newId} className='rc-label'>{t('consoleNewId')}</label>
                    <input
                        id={ids.newId}
                        className='rc-input'
                        value={newId}
                        aria-invalid={Boolean(newIdError) || undefined}
                        aria-describedby={`${ids.newId}-error`}
                        onChange={(e) => setNewId(e.target.value)}
                    />
                    <div id={`${ids.newId}-error`} className='rc-field-error'>{newIdError}</div>
                </div>
            )}
            {loadError && <ErrorNote message={loadError}/>}
            {markdown === null ? !loadError && <Loading/> : (
                <>
                    <div className='rc-field'>
                        <label htmlFor={ids.editor} className='rc-label'>{t('consoleMarkdown')}</label>
                        <textarea
                            id={ids.editor}
                            ref={editorRef}
                            className='rc-input rc-editor'
                            rows={20}
                            spellCheck={false}
                            value={markdown}
                            disabled={props.disabled}
                            aria-invalid={errors.length > 0 || undefined}
                            onChange={(e) => {
                                setMarkdown(e.target.value);
                                setSaveState((s) => ({...s, saved: false, errors: []}));
                            }}
                        />
                    </div>
                    <section aria-label={t('consoleErrors')} aria-live='polite'>
                        {parsing && <div className='rc-muted' role='status'>{t('consoleParsing')}</div>}
                        {parseError && <ErrorNote message={parseError}/>}
                        {errors.length > 0 ? (
                            <ul className='rc-template-errors'>
                                {errors.map((e) => (
                                    <li key={`${e.line}-${e.message}`}>
                                        <button type='button' className='rc-btn rc-btn--link rc-error-text' onClick={() => goToLine(e.line)}>
                                            {t('consoleErrorLine', {line: e.line, message: e.message})}
                                        </button>
                                    </li>
                                ))}
                            </ul>
                        ) : parsed && !parsing && <p className='rc-muted'>{t('consoleNoErrors')}</p>}
                    </section>
                    <div className='rc-row'>
                        <button type='button' className='rc-btn rc-btn--primary' disabled={disabled || errors.length > 0 || Boolean(newIdError)} onClick={save}>{t('consoleSave')}</button>
                        {saveState.saved && <span role='status'>{t('consoleSaved')}</span>}
                    </div>
                    {saveState.error && <ErrorNote message={saveState.error}/>}
                    {parsed?.template && (
                        <section aria-label={t('consoleParsed')}>
                            <h3 className='rc-h3'>{t('consoleParsed')}</h3>
                            <TemplatePreview template={parsed.template}/>
                        </section>
                    )}
                </>
            )}
        </div>
    );
}
