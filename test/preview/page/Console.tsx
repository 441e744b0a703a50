// The System Console page of the plugin: settings from plugin.json's settings_schema drawn
// the way the console draws them (text, longtext, number, bool, dropdown, radio), custom
// settings through the components the plugin registered, with the console's props
// (onChange, setSaveNeeded, save actions), and one Save button that writes them into the
// server's config with PUT /api/v4/config, as the console does.
import React, {useCallback, useEffect, useRef, useState, useSyncExternalStore} from 'react';

import {api} from './api';
import {registrations, subscribeRegistrations} from './registry';
import type {Manifest, SettingSchema} from './store';

type SaveAction = () => Promise<{error?: {message: string}} | undefined>;

function initialValue(s: SettingSchema, saved: Record<string, unknown>): unknown {
    const key = s.key.toLowerCase();
    return key in saved ? saved[key] : s.default ?? (s.type === 'bool' ? false : '');
}

function PlainSetting({s, id, value, onChange}: {s: SettingSchema; id: string; value: unknown; onChange: (v: unknown) => void}) {
    switch (s.type) {
    case 'longtext':
        return <textarea id={id} rows={4} value={String(value ?? '')} placeholder={s.placeholder} onChange={(e) => onChange(e.target.value)}/>;
    case 'number':
        return <input id={id} type='number' value={String(value ?? '')} onChange={(e) => onChange(e.target.value === '' ? '' : Number(e.target.value))}/>;
    case 'bool':
        return (
            <div role='radiogroup' aria-labelledby={`${id}-label`}>
                <label><input type='radio' name={id} checked={value === true || value === 'true'} onChange={() => onChange(true)}/> true</label>{' '}
                <label><input type='radio' name={id} checked={!(value === true || value === 'true')} onChange={() => onChange(false)}/> false</label>
            </div>
        );
    case 'dropdown':
        return (
            <select id={id} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
                {(s.options ?? []).map((o) => <option key={o.value} value={o.value}>{o.display_name}</option>)}
            </select>
        );
    case 'radio':
        return (
            <div role='radiogroup' aria-labelledby={`${id}-label`}>
                {(s.options ?? []).map((o) => (
                    <label key={o.value}><input type='radio' name={id} checked={value === o.value} onChange={() => onChange(o.value)}/> {o.display_name} </label>
                ))}
            </div>
        );
    default:
        return <input id={id} type='text' value={String(value ?? '')} placeholder={s.placeholder} onChange={(e) => onChange(e.target.value)}/>;
    }
}

export function PluginConsole({pluginId, isAdmin}: {pluginId: string; isAdmin: boolean}) {
    const reg = useSyncExternalStore(subscribeRegistrations, registrations);
    const [manifest, setManifest] = useState<Manifest | null>(null);
    const [values, setValues] = useState<Record<string, unknown> | null>(null);
    const [saveNeeded, setSaveNeeded] = useState(false);
    const [status, setStatus] = useState<{error?: string; saved?: boolean}>({});
    const saveActions = useRef(new Set<SaveAction>());
    const schema = manifest?.settings_schema ?? {};
    const settings = schema.settings ?? [];
    const prefix = `PluginSettings.Plugins.${pluginId}.`;

    useEffect(() => {
        if (!isAdmin) {
            return;
        }
        // As the System Console: the manifest (with its settings_schema) from GET /api/v4/plugins,
        // the values from the server's config.
        Promise.all([api.plugins(), api.config()]).then(([plugins, config]) => {
            const found = [...plugins.active, ...plugins.inactive].find((m) => m.id === pluginId);
            if (!found) {
                setStatus({error: `No plugin ${pluginId} is installed.`});
                return;
            }
            const saved = config.PluginSettings?.Plugins?.[pluginId] ?? {};
            setManifest(found);
            setValues(Object.fromEntries((found.settings_schema?.settings ?? []).map((s) => [s.key.toLowerCase(), initialValue(s, saved)])));
        }, (err: Error) => setStatus({error: err.message}));
    }, [isAdmin, pluginId]);

    const onChange = useCallback((id: string, value: unknown) => {
        const key = id.startsWith(prefix) ? id.slice(prefix.length) : id.toLowerCase();
        setValues((v) => ({...(v ?? {}), [key]: value}));
        setSaveNeeded(true);
        setStatus({});
    }, [prefix]);
    const register = useCallback((fn: SaveAction) => {
        saveActions.current.add(fn);
    }, []);
    const unregister = useCallback((fn: SaveAction) => {
        saveActions.current.delete(fn);
    }, []);
    const markNeeded = useCallback(() => setSaveNeeded(true), []);

    if (!isAdmin) {
        return <div className='pv-banner' role='alert'>Only a system admin can open the System Console.</div>;
    }
    if (!values || !manifest) {
        return <div className='pv-console'>{status.error ? <div className='pv-banner' role='alert'>{status.error}</div> : 'Loading…'}</div>;
    }

    async function save(): Promise<void> {
        setStatus({});
        for (const action of saveActions.current) {
            const out = await action();
            if (out?.error) {
                setStatus({error: out.error.message});
                return;
            }
        }
        try {
            // PUT /api/v4/config takes the whole config: the current one with this plugin's settings replaced.
            const config = await api.config();
            const plugins = {...(config.PluginSettings?.Plugins ?? {}), [pluginId]: {...(config.PluginSettings?.Plugins?.[pluginId] ?? {}), ...values}};
            await api.updateConfig({...config, PluginSettings: {...(config.PluginSettings ?? {}), Plugins: plugins}});
            setSaveNeeded(false);
            setStatus({saved: true});
        } catch (err) {
            setStatus({error: err instanceof Error ? err.message : String(err)});
        }
    }

    const config = {PluginSettings: {Plugins: {[pluginId]: values}}};
    return (
        <main className='pv-console' aria-label='System Console'>
            <h1>{manifest.name ?? manifest.id}</h1>
            {schema.header && <p>{schema.header}</p>}
            {settings.map((s) => {
                const id = `${prefix}${s.key.toLowerCase()}`;
                const value = values[s.key.toLowerCase()];
                if (s.type === 'custom') {
                    const custom = reg.settings.find((c) => c.pluginId === pluginId && c.key.toLowerCase() === s.key.toLowerCase());
                    if (!custom) {
                        return null;
                    }
                    const Component = custom.component;
                    return (
                        <section key={s.key} className={`pv-setting${custom.showTitle ? '' : ' pv-wide'}`} data-setting={s.key} aria-label={s.display_name}>
                            {custom.showTitle && <div className='pv-label' id={`${id}-label`}>{s.display_name}</div>}
                            <div>
                                <Component
                                    id={id} label={s.display_name} helpText={s.help_text} value={value} disabled={false}
                                    config={config} license={{}} setByEnv={false} onChange={onChange} setSaveNeeded={markNeeded}
                                    registerSaveAction={register} unRegisterSaveAction={unregister}
                                />
                                {s.help_text && <div className='pv-help'>{s.help_text}</div>}
                            </div>
                        </section>
                    );
                }
                return (
                    <div key={s.key} className='pv-setting' data-setting={s.key}>
                        <label className='pv-label' htmlFor={id} id={`${id}-label`}>{s.display_name}</label>
                        <div>
                            <PlainSetting s={s} id={id} value={value} onChange={(v) => onChange(id, v)}/>
                            {s.help_text && <div className='pv-help'>{s.help_text}</div>}
                        </div>
                    </div>
                );
            })}
            {schema.footer && <p>{schema.footer}</p>}
            <div className='pv-save'>
                <button type='button' disabled={!saveNeeded} onClick={() => void save()}>Save</button>
                {status.saved && <span role='status'>Settings saved.</span>}
                {status.error && <span className='pv-error' role='alert'>{status.error}</span>}
            </div>
        </main>
    );
}
