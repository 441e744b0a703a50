// A plain-text System Console setting that is checked as the admin types, by the server's
// own rule for it. Mattermost's built-in text fields cannot refuse a value, so these are
// custom settings: a value that breaks the rule is never handed to the console (the last
// good one stays in the configuration), its problem is shown under the field, and the save
// action this field registers refuses the save while it stands. Once the value is good and
// saved, what the server still finds wrong with it (an announcement channel that does not
// exist) is shown under the field too.
import React, {useEffect, useMemo, useRef, useState} from 'react';

import {settingLabel} from '../../../../server-bridge/src/product/settings/labels';
import type {AdminSettingProps} from '../../host';
import {useT} from '../context';
import {useDomId} from '../hooks';

import {channelRule, holidaysRule, timeZoneRule, workingDaysRule, type SettingRule} from './setting-rules';
import {OWN_FIELD_KEYS, pluginValue, problemsOf, useSettingsCheck} from './settings-check';
import {SettingsProblemsList} from './SettingsProblems';

interface Options {
    /** The settings_schema key, e.g. 'Holidays'. */
    settingKey: string;
    rule: SettingRule;
    multiline?: boolean;
    placeholder?: string;
    /** The first setting of the page also shows the problems of settings that have no field of ours. */
    pageBox?: boolean;
}

type SaveAction = () => Promise<{error?: {message: string}}>;

function asText(value: unknown): string {
    return value === undefined || value === null ? '' : String(value);
}

export function ValidatedSetting(props: AdminSettingProps & Options) {
    const {settingKey, rule, multiline, placeholder, pageBox} = props;
    const t = useT();
    const errorId = useDomId();
    const [text, setText] = useState(() => asText(props.value));
    const errors = useMemo(() => rule(text), [rule, text]);
    const errorsRef = useRef(errors);
    errorsRef.current = errors;
    // The value last handed to the console: a new value from the host (a reload) replaces the text.
    const sent = useRef(asText(props.value));
    useEffect(() => {
        const value = asText(props.value);
        if (value !== sent.current) {
            sent.current = value;
            setText(value);
        }
    }, [props.value]);

    const label = settingLabel(settingKey);
    const {registerSaveAction, unRegisterSaveAction} = props;
    useEffect(() => {
        const onSave: SaveAction = async () => {
            const problem = errorsRef.current[0];
            return problem ? {error: {message: t('settingNotSaved', {label, problem})}} : {};
        };
        // Older hosts may not pass the save hooks; the field still never hands over a bad value.
        if (typeof registerSaveAction === 'function') {
            registerSaveAction(onSave);
        }
        return () => {
            if (typeof unRegisterSaveAction === 'function') {
                unRegisterSaveAction(onSave);
            }
        };
    }, [registerSaveAction, unRegisterSaveAction, label, t]);

    const checked = useSettingsCheck(props.config);
    // The server's findings are about the value in the configuration: shown only while the field shows that value.
    const stored = pluginValue(props.config, settingKey);
    const serverProblems = errors.length === 0 && text === asText(stored === undefined ? props.value : stored) ? problemsOf(checked, settingKey) : [];
    const others = pageBox ? (checked ?? []).filter((p) => !OWN_FIELD_KEYS.some((k) => k.toLowerCase() === p.key.toLowerCase())).map((p) => p.message) : [];

    const change = (value: string) => {
        setText(value);
        if (rule(value).length === 0) {
            sent.current = value;
            props.onChange(props.id, value);
        } else if (typeof props.setSaveNeeded === 'function') {
            // Offer Save, which this field's save action then refuses with the reason.
            props.setSaveNeeded();
        }
    };
    const inputProps = {
        id: props.id,
        className: 'rc-input',
        value: text,
        placeholder,
        disabled: props.disabled || props.setByEnv,
        'aria-label': typeof props.label === 'string' ? props.label : label,
        'aria-invalid': errors.length > 0 || undefined,
        'aria-describedby': errors.length > 0 || serverProblems.length > 0 ? errorId : undefined,
    };
    return (
        <div className='rc-root rc-console rc-validated'>
            {pageBox && <SettingsProblemsList problems={others} variant='console'/>}
            {multiline ?
                <textarea {...inputProps} rows={4} onChange={(e) => change(e.target.value)}/> :
                <input {...inputProps} type='text' onChange={(e) => change(e.target.value)}/>}
            {/* Always in the page, so screen readers announce each problem as it appears. */}
            <div id={errorId} aria-live='polite'>
                {errors.length > 0 && (
                    <div className='rc-field-error'>
                        {errors.map((e) => <div key={e}>{e}</div>)}
                        <div>{t('settingNotSavedHint')}</div>
                    </div>
                )}
                {serverProblems.length > 0 && (
                    <div className='rc-warning'>
                        {serverProblems.map((p) => <div key={p}>{p}</div>)}
                    </div>
                )}
            </div>
        </div>
    );
}

/** One registered console component per validated setting. */
function validated(options: Options): React.ComponentType<AdminSettingProps> {
    const Setting = (props: AdminSettingProps) => <ValidatedSetting {...props} {...options}/>;
    Setting.displayName = `ValidatedSetting(${options.settingKey})`;
    return Setting;
}

export const VALIDATED_SETTINGS: ReadonlyArray<[string, React.ComponentType<AdminSettingProps>]> = [
    ['DefaultTimeZone', validated({settingKey: 'DefaultTimeZone', rule: timeZoneRule, placeholder: 'America/Los_Angeles', pageBox: true})],
    ['WorkingDays', validated({settingKey: 'WorkingDays', rule: workingDaysRule, placeholder: 'Mon,Tue,Wed,Thu,Fri'})],
    ['Holidays', validated({settingKey: 'Holidays', rule: holidaysRule, multiline: true, placeholder: '2026-12-25'})],
    ['AnnouncementChannel', validated({settingKey: 'AnnouncementChannel', rule: channelRule, placeholder: 'team-name/channel-name'})],
    ['ReleaseDiscussionChannel', validated({settingKey: 'ReleaseDiscussionChannel', rule: channelRule, placeholder: 'team-name/channel-name'})],
    ['InstallersChannel', validated({settingKey: 'InstallersChannel', rule: channelRule, placeholder: 'team-name/channel-name'})],
];
