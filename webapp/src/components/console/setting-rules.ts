// What each validated System Console field accepts, by the server's own rules (the product
// modules that parse these settings; the webapp imports them as values), so the field and
// the server never disagree about a value.
import {readHolidays, readWorkingDays} from '../../../../server-bridge/src/product/schedule/settings-text';
import {isValidTimeZone} from '../../../../server-bridge/src/product/schedule/zone';
import {channelRefProblem} from '../../../../server-bridge/src/product/settings/channel-ref';

/** The problems of a value as typed, one sentence each; empty when the server would use it as it is. */
export type SettingRule = (text: string) => string[];

const MAX_SHOWN = 5;

function sentence(text: string): string {
    const s = text.charAt(0).toUpperCase() + text.slice(1);
    return /[.!?]$/.test(s) ? s : `${s}.`;
}

export const holidaysRule: SettingRule = (text) => {
    const {problems} = readHolidays(text);
    const shown = problems.slice(0, MAX_SHOWN).map((p) => `Line ${p.line}: ${sentence(p.error)}`);
    return problems.length > MAX_SHOWN ? [...shown, `… and ${problems.length - MAX_SHOWN} more.`] : shown;
};

export const workingDaysRule: SettingRule = (text) => {
    if (text.trim() === '') {
        return [];
    }
    const {value, problems} = readWorkingDays(text);
    const out = problems.slice(0, MAX_SHOWN).map((p) => sentence(p.error));
    return value.length === 0 && out.length === 0 ? ['List at least one working day, for example Mon,Tue,Wed,Thu,Fri.'] : out;
};

export const timeZoneRule: SettingRule = (text) => {
    const zone = text.trim();
    const shown = zone.slice(0, 64);
    return zone === '' || isValidTimeZone(zone) ? [] : [`"${shown}" is not a time zone; use an IANA name such as America/Los_Angeles.`];
};

export const channelRule: SettingRule = (text) => {
    const problem = channelRefProblem(text);
    return problem ? [`"${text.trim().slice(0, 64)}" ${problem}; write team-name/channel-name.`] : [];
};
