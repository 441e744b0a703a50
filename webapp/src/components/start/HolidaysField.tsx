// The run's own extra holidays (StartRun.holidays): days added one at a time with a date
// input, listed with remove buttons. The server adds them to the settings' holidays.
import React, {useState} from 'react';
import {useIntl} from 'react-intl';

import {isCalendarDay} from '../../model/day';
import {formatDay} from '../../model/time';
import {useT} from '../context';
import {useDomId} from '../hooks';

interface Props {
    days: string[];
    onChange: (days: string[]) => void;
    /** The server's error for the `holidays` field, if any. */
    serverError?: string;
}

export function HolidaysField({days, onChange, serverError}: Props) {
    const t = useT();
    const intl = useIntl();
    const id = useDomId();
    const [day, setDay] = useState('');
    const [error, setError] = useState<string | null>(null);

    const add = () => {
        if (!isCalendarDay(day)) {
            setError(t('formHolidayInvalid'));
            return;
        }
        if (days.includes(day)) {
            setError(t('formHolidayDuplicate'));
            return;
        }
        setError(null);
        setDay('');
        onChange([...days, day].sort());
    };

    const shown = error ?? serverError;
    return (
        <fieldset className='rc-fieldset'>
            <legend className='rc-label'>{t('formHolidays')}</legend>
            <p id={`${id}-help`} className='rc-muted'>{t('formHolidaysHelp')}</p>
            {days.length > 0 && (
                <ul className='rc-chips' aria-label={t('formHolidays')}>
                    {days.map((d) => (
                        <li key={d} className='rc-chip'>
                            <time dateTime={d}>{formatDay(d, intl.locale)}</time>
                            <button
                                type='button'
                                className='rc-btn rc-btn--icon'
                                aria-label={t('formHolidayRemove', {day: d})}
                                onClick={() => onChange(days.filter((x) => x !== d))}
                            >{'×'}</button>
                        </li>
                    ))}
                </ul>
            )}
            <label htmlFor={id} className='rc-label'>{t('formHolidayInput')}</label>
            <div className='rc-row'>
                <input
                    id={id}
                    className='rc-input rc-input--inline'
                    type='date'
                    value={day}
                    aria-invalid={shown ? true : undefined}
                    aria-describedby={shown ? `${id}-error` : `${id}-help`}
                    onChange={(e) => {
                        setDay(e.target.value);
                        setError(null);
                    }}
                    onKeyDown={(e) => {
                        // Enter adds the day instead of submitting the whole start form.
                        if (e.key === 'Enter') {
                            e.preventDefault();
                            add();
                        }
                    }}
                />
                <button type='button' className='rc-btn rc-btn--small' onClick={add}>{t('formHolidayAdd')}</button>
            </div>
            <div id={`${id}-error`} className='rc-field-error' aria-live='polite'>{shown}</div>
        </fieldset>
    );
}
