// Parses '/release ...' into a typed command or a usage error. Parsing checks everything that
// can be checked without looking at a run (shapes of dates and versions, argument counts),
// so wrong input is rejected before anything is read or written.
import {DateTime} from 'luxon';
import {SUBCOMMANDS, TRIGGER, usageList, usageOf, type SubcommandName} from './subcommands';
import {readWord, type Word} from './tokenize';
import {ownRecord} from '../own';

export type Command =
    | {kind: 'help'; topic?: SubcommandName}
    | {kind: 'start'; version?: string; releaseDay?: string; answers?: Record<string, boolean>}
    | {kind: 'status'}
    | {kind: 'mine'}
    | {kind: 'all'}
    | {kind: 'calendar'}
    | {kind: 'list'}
    | {kind: 'done'; step: string}
    | {kind: 'skip'; step: string; reason: string}
    | {kind: 'assign'; role: string; users: string[]}
    | {kind: 'move'; releaseDay: string}
    | {kind: 'announce'; step: string}
    | {kind: 'report'}
    | {kind: 'finish'; confirm: boolean};

export type ParseResult = {ok: true; command: Command} | {ok: false; error: string};

export const MAX_COMMAND_LENGTH = 4000;
export const MAX_REASON_LENGTH = 1000;

const VERSION = /^v?\d+(\.\d+){1,3}([-+][0-9A-Za-z.-]+)?$/;
const USERNAME = /^@?[a-z0-9][a-z0-9._-]{0,63}$/i;

function fail(error: string, sub?: SubcommandName): ParseResult {
    return {ok: false, error: sub ? `${error}\n${usageOf(sub)}` : error};
}

export function isValidDay(text: string): boolean {
    return /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text, {zone: 'UTC'}).isValid;
}

function readAll(line: string, from: number): {ok: true; words: Word[]} | {ok: false; error: string} {
    const words: Word[] = [];
    let at = from;
    for (;;) {
        const r = readWord(line, at);
        if (!r.ok) return r;
        if (!r.word) return {ok: true, words};
        words.push(r.word);
        at = r.word.end;
    }
}

const CONDITION_ID = /^[a-z0-9][a-z0-9-]{0,63}$/i;
const YES = new Set(['yes', 'y', 'true']);
const NO = new Set(['no', 'n', 'false']);

/**
 * `--if a=yes --if b=no` (or `--if a=yes,b=no`) after the positional arguments: the answers
 * to the template's questions. An answer is yes or no; nothing is assumed for a question left out.
 */
function readAnswers(words: string[]): {ok: true; answers: Record<string, boolean>} | {ok: false; error: string} {
    const answers = ownRecord<boolean>();
    for (let i = 0; i < words.length; i++) {
        const flag = words[i].toLowerCase();
        const inline = flag.startsWith('--if=') ? words[i].slice(5) : null;
        if (flag !== '--if' && inline === null) {
            return {ok: false, error: `"${words[i].slice(0, 64)}" is not an option of \`start\`; answer a question with \`--if <condition>=yes\` or \`=no\`.`};
        }
        const value = inline ?? words[++i];
        if (value === undefined || value === '') {
            return {ok: false, error: '`--if` needs a condition and an answer, for example `--if researcher-needs-mug=yes`.'};
        }
        for (const pair of value.split(',').filter((p) => p !== '')) {
            const [id, said, ...extra] = pair.split('=');
            const word = (said ?? '').toLowerCase();
            if (extra.length > 0 || !CONDITION_ID.test(id ?? '') || (!YES.has(word) && !NO.has(word))) {
                return {ok: false, error: `"${pair.slice(0, 80)}" is not an answer; write \`<condition>=yes\` or \`<condition>=no\`.`};
            }
            answers[id.toLowerCase()] = YES.has(word);
        }
    }
    return {ok: true, answers};
}

/** Strips one pair of surrounding quotes from free text. */
function unquote(text: string): string {
    const t = text.trim();
    const m = /^(["'\u201c\u2018])([\s\S]*)(["'\u201d\u2019])$/.exec(t);
    return m ? m[2].trim() : t;
}

export function parseCommand(raw: string): ParseResult {
    if (raw.length > MAX_COMMAND_LENGTH) {
        return fail(`The command is too long (at most ${MAX_COMMAND_LENGTH} characters).`);
    }
    const line = raw.replace(/\r?\n/g, ' ');
    const first = readWord(line, 0);
    if (!first.ok || !first.word || first.word.text.toLowerCase() !== `/${TRIGGER}`) {
        return fail(`This is not a /${TRIGGER} command.`);
    }
    const subWord = readWord(line, first.word.end);
    if (!subWord.ok) return fail(subWord.error);
    if (!subWord.word) return {ok: true, command: {kind: 'help'}};
    const name = subWord.word.text.toLowerCase();
    const sub = SUBCOMMANDS.find((s) => s.name === name)?.name;
    if (!sub) {
        // Every wrong use gets the correct usage: here, that of every subcommand.
        return fail(`Unknown subcommand "${subWord.word.text.slice(0, 64)}". The subcommands are:\n${usageList()}`);
    }
    const restStart = subWord.word.end;
    const rest = line.slice(restStart).trim();

    switch (sub) {
    case 'status':
    case 'mine':
    case 'all':
    case 'calendar':
    case 'list':
    case 'report':
        return rest === '' ? {ok: true, command: {kind: sub}} : fail(`\`${sub}\` takes no arguments.`, sub);
    case 'finish':
        if (rest === '' || rest.toLowerCase() === 'confirm') return {ok: true, command: {kind: 'finish', confirm: rest !== ''}};
        return fail('`finish` takes no argument but `confirm`.', 'finish');
    case 'help': {
        if (rest === '') return {ok: true, command: {kind: 'help'}};
        const topic = SUBCOMMANDS.find((s) => s.name === rest.toLowerCase())?.name;
        return topic ? {ok: true, command: {kind: 'help', topic}} : fail(`There is no subcommand "${rest.slice(0, 64)}". The subcommands are:\n${usageList()}`);
    }
    case 'done':
    case 'announce': {
        const step = unquote(rest);
        return step === '' ? fail(`Name the step to ${sub === 'done' ? 'mark done' : 'announce'}.`, sub) : {ok: true, command: {kind: sub, step}};
    }
    case 'skip': {
        const stepWord = readWord(line, restStart);
        if (!stepWord.ok) return fail(stepWord.error, 'skip');
        if (!stepWord.word || stepWord.word.text.trim() === '') return fail('Name the step to skip and give a reason.', 'skip');
        const reason = unquote(line.slice(stepWord.word.end));
        if (reason === '') return fail('Give a reason for skipping the step.', 'skip');
        if (reason.length > MAX_REASON_LENGTH) return fail(`The reason is too long (at most ${MAX_REASON_LENGTH} characters).`, 'skip');
        return {ok: true, command: {kind: 'skip', step: stepWord.word.text.trim(), reason}};
    }
    case 'assign': {
        const r = readAll(line, restStart);
        if (!r.ok) return fail(r.error, 'assign');
        if (r.words.length < 2) return fail('Name a role and at least one user.', 'assign');
        const [role, ...users] = r.words.map((w) => w.text);
        const bad = users.find((u) => !USERNAME.test(u));
        if (bad !== undefined) return fail(`"${bad}" is not a username.`, 'assign');
        return {ok: true, command: {kind: 'assign', role, users: users.map((u) => u.replace(/^@/, '').toLowerCase())}};
    }
    case 'move': {
        const r = readAll(line, restStart);
        if (!r.ok) return fail(r.error, 'move');
        if (r.words.length !== 1) return fail('Give the new release day.', 'move');
        const day = r.words[0].text;
        return isValidDay(day) ? {ok: true, command: {kind: 'move', releaseDay: day}} : fail(`"${day}" is not a date as YYYY-MM-DD.`, 'move');
    }
    case 'start': {
        const r = readAll(line, restStart);
        if (!r.ok) return fail(r.error, 'start');
        if (r.words.length === 0) return {ok: true, command: {kind: 'start'}};
        const texts = r.words.map((w) => w.text);
        const firstOption = texts.findIndex((w) => w.startsWith('--'));
        const positional = firstOption < 0 ? texts : texts.slice(0, firstOption);
        if (positional.length !== 2) return fail('Give both the version and the release day, or nothing to open the form.', 'start');
        const [version, day] = positional;
        if (!VERSION.test(version)) return fail(`"${version}" is not a version such as 1.1.1.`, 'start');
        if (!isValidDay(day)) return fail(`"${day}" is not a date as YYYY-MM-DD.`, 'start');
        const answers = readAnswers(firstOption < 0 ? [] : texts.slice(firstOption));
        if (!answers.ok) return fail(answers.error, 'start');
        return {ok: true, command: {kind: 'start', version: version.replace(/^v/, ''), releaseDay: day, answers: answers.answers}};
    }
    }
}
