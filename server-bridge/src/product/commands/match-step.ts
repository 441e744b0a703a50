// Finds the step a person means in '/release done <step>': its id, its number as /release
// list shows it ('4', '#4', '7.1'), or the start of its title when only one step starts so.
import type {Run, RunStep} from '../model';
import {escapeInline, stepRef} from '../report/markdown';
import {stepNumbers} from '../report/run-facts';

export type StepMatch = {ok: true; step: RunStep} | {ok: false; error: string};

const MAX_CANDIDATES = 10;

function normalize(text: string): string {
    return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function matchStep(run: Run, query: string, candidatesFilter: (s: RunStep) => boolean = () => true): StepMatch {
    const wanted = query.trim();
    const numbers = stepNumbers(run);
    const byId = run.steps.find((s) => s.id === wanted);
    if (byId) {
        return {ok: true, step: byId};
    }
    const number = wanted.replace(/^#/, '');
    if (/^\d+(\.\d+)?$/.test(number)) {
        const byNumber = run.steps.find((s) => numbers.get(s.id) === number);
        return byNumber ? {ok: true, step: byNumber} : {ok: false, error: `There is no step ${number} in this run. \`/release list\` shows the numbers.`};
    }
    const prefix = normalize(wanted);
    if (prefix === '') {
        return {ok: false, error: 'Name a step.'};
    }
    const candidates = run.steps.filter(candidatesFilter);
    const exact = candidates.filter((s) => normalize(s.title) === prefix);
    if (exact.length === 1) {
        return {ok: true, step: exact[0]};
    }
    const matches = candidates.filter((s) => normalize(s.title).startsWith(prefix));
    if (matches.length === 1) {
        return {ok: true, step: matches[0]};
    }
    if (matches.length === 0) {
        return {ok: false, error: `No step starts with "${escapeInline(wanted)}". \`/release list\` shows the steps and their numbers.`};
    }
    const shown = matches.slice(0, MAX_CANDIDATES).map((s) => `- ${stepRef(numbers.get(s.id))} ${escapeInline(s.title)}`);
    const more = matches.length > MAX_CANDIDATES ? [`- ... and ${matches.length - MAX_CANDIDATES} more`] : [];
    return {ok: false, error: [`"${escapeInline(wanted)}" matches ${matches.length} steps; use a number or a longer title:`, ...shown, ...more].join('\n')};
}
