// The template Markdown dialect, source to Template. One pass over classified lines with
// a little state (current phase, role, step, sub-step); every problem is recorded with its
// line and parsing goes on, so one run reports all errors. Any error means no template.
import {checkAnnouncementMessage} from '../announcements/variables';
import {DEFAULT_ROLES, SCHEMA_VERSION} from '../model';
import type {Role, Template, TemplateCondition, TemplateError, TemplatePhase, TemplateStep} from '../model';
import {readCondition, readNameHeading, readPhaseHeading, readRolesLine} from './declarations';
import {ErrorList} from './error-list';
import {MAX_CONDITIONS, MAX_LINE_LENGTH, MAX_STEPS, MAX_TEMPLATE_BYTES, MAX_TITLE_LENGTH} from './limits';
import {classifyLine, SourceLine, splitSource} from './lines';
import {hasStrayMarker, readStepMarkers, splitMarkers} from './markers';
import {slugify} from './slug';
import {appendWithBlanks, leadingBlankCount, trimBlankLines} from './text-block';

export interface ParseResult {
    template: Template | null;
    errors: TemplateError[];
}

/** A step being read: the step plus what is needed to attach the lines that follow it. */
interface OpenItem {
    step: TemplateStep;
    line: number;
    indent: number;
    contentCol: number;
    desc: string[];
    message: string[];
    messageLine: number;
    announce?: string;
}

interface OpenPhase {
    phase: TemplatePhase;
    line: number;
    /** A phase whose heading had errors is read for more errors but never kept. */
    keep: boolean;
}

interface OpenRole {
    id: string;
    line: number;
    steps: number;
}

const ROLES_LINE = /^roles:(.*)$/i;
const CONDITIONS_LINE = /^conditions:$/i;

const STEP_PLACEMENT = "put steps under a '## A. Phase (T-4)' heading and a '### Role' subheading";

class TemplateParser {
    private readonly errors = new ErrorList();
    private name: string | null = null;
    private templateId = '';
    private nameLine = 0;
    private readonly description: string[] = [];
    private descriptionClosed = false;
    private roles: Role[] = DEFAULT_ROLES.map((r) => ({...r}));
    private rolesLine = 0;
    private readonly conditions: TemplateCondition[] = [];
    private conditionsOpen = false;
    private readonly phases: TemplatePhase[] = [];
    private readonly phaseIds = new Map<string, number>();
    private readonly stepIds = new Map<string, number>();
    private inBody = false;
    private phase: OpenPhase | null = null;
    private role: OpenRole | null = null;
    private step: OpenItem | null = null;
    private sub: OpenItem | null = null;
    /** After a too-deep item, lines indented past this column belong to it and are skipped. */
    private skipAbove: number | null = null;
    private blanks = 0;
    /** Steps and sub-steps seen, and the line of the first one over MAX_STEPS. */
    private stepCount = 0;
    private firstOverLine = 0;
    private sawContent = false;
    private nameMissing = false;

    parse(source: string): ParseResult {
        const lines = splitSource(source);
        for (let i = 0; i < lines.length; i++) {
            const raw = lines[i];
            if (raw.length > MAX_LINE_LENGTH) {
                this.sawContent = true;
                this.errors.add(i + 1, `line is ${raw.length} characters long; the limit is ${MAX_LINE_LENGTH}`);
                continue;
            }
            this.line(classifyLine(raw, i + 1));
        }
        this.closePhase();
        this.finish();
        if (!this.errors.empty || this.name === null) {
            return {template: null, errors: this.errors.result()};
        }
        const template: Template = {
            schemaVersion: SCHEMA_VERSION,
            id: this.templateId,
            name: this.name,
            roles: this.roles,
            conditions: this.conditions,
            phases: this.phases,
        };
        const description = trimBlankLines(this.description).join('\n');
        if (description !== '') {
            template.description = description;
        }
        return {template, errors: []};
    }

    private error(line: number, message: string): void {
        this.errors.add(line, message);
    }

    private line(l: SourceLine): void {
        if (l.kind === 'blank') {
            this.blanks++;
            return;
        }
        this.sawContent = true;
        const blanks = this.blanks;
        this.blanks = 0;
        if (this.skipAbove !== null) {
            if (l.indent > this.skipAbove) {
                return;
            }
            this.skipAbove = null;
        }
        if (this.name === null && !this.nameMissing && !(l.kind === 'heading' && l.level === 1)) {
            // Report it once, then read on so the rest of the text gets checked too.
            this.nameMissing = true;
            this.error(l.no, "a template starts with its name as a '# Name' heading");
        }
        switch (l.kind) {
        case 'heading':
            this.heading(l);
            return;
        case 'bold':
            // Before the first phase a bold line is description text, not a role.
            if (this.inBody) {
                this.roleHeading(l, l.content ?? '');
            } else {
                this.textOrQuote(l, blanks);
            }
            return;
        case 'item':
            this.item(l);
            return;
        default:
            this.textOrQuote(l, blanks);
        }
    }

    // ---- headings -------------------------------------------------------------------

    private heading(l: SourceLine): void {
        const text = l.content ?? '';
        if (l.level === 1) {
            this.nameHeading(l, text);
        } else if (l.level === 2) {
            this.phaseHeading(l, text);
        } else if (l.level === 3) {
            this.roleHeading(l, text.replace(/:$/, '').trim());
        } else {
            this.closeStep();
            this.error(l.no, `heading level ${l.level} is not part of the template dialect; use '## ' for phases and '### ' for roles`);
        }
    }

    private nameHeading(l: SourceLine, text: string): void {
        if (this.nameMissing) {
            this.error(l.no, "the '# Name' heading must come first, before any other text");
            return;
        }
        if (this.name !== null) {
            this.error(l.no, `a template has one '# Name' heading; the name was already given on line ${this.nameLine}`);
            return;
        }
        this.nameLine = l.no;
        const heading = readNameHeading(text);
        heading.errors.forEach((e) => this.error(l.no, e));
        this.name = heading.name;
        this.templateId = heading.id;
    }

    private phaseHeading(l: SourceLine, text: string): void {
        this.closePhase();
        this.inBody = true;
        this.conditionsOpen = false;
        this.phase = {phase: {id: '', label: '', title: text, offset: {unit: 'working', days: 0}, steps: []}, line: l.no, keep: false};
        const heading = readPhaseHeading(text);
        if (!heading.ok) {
            this.error(l.no, heading.error);
            return;
        }
        const {id} = heading.value;
        const earlier = this.phaseIds.get(id);
        if (earlier !== undefined) {
            this.error(l.no, `phase id '${id}' (from the title) is already used by the phase on line ${earlier}; give the phases different titles`);
            return;
        }
        this.phaseIds.set(id, l.no);
        this.phase = {phase: {...heading.value, steps: []}, line: l.no, keep: true};
    }

    private roleHeading(l: SourceLine, name: string): void {
        this.closeRole();
        if (!this.inBody) {
            this.error(l.no, `role '${name}' appears before any phase; roles go under a '## A. Phase (T-4)' heading`);
            this.enterBodyWithoutPhase(l.no);
        }
        const wanted = name.toLowerCase();
        const role = this.roles.find((r) => r.name.toLowerCase() === wanted || r.id === wanted);
        if (!role) {
            this.error(l.no, `unknown role '${name}'; the roles are ${this.roles.map((r) => r.name).join(', ')} (declare others with a 'Roles:' line)`);
        }
        this.role = {id: role?.id ?? '', line: l.no, steps: 0};
    }

    /** Lets content that is out of place still be read for its own errors. */
    private enterBodyWithoutPhase(line: number): void {
        this.inBody = true;
        this.conditionsOpen = false;
        this.phase = {phase: {id: '', label: '', title: '', offset: {unit: 'working', days: 0}, steps: []}, line, keep: false};
    }

    // ---- list items -----------------------------------------------------------------

    private item(l: SourceLine): void {
        if (!this.inBody) {
            if (this.conditionsOpen && l.indent === 0) {
                this.condition(l);
                return;
            }
            this.error(l.no, `step outside a phase: ${STEP_PLACEMENT}`);
            this.enterBodyWithoutPhase(l.no);
            this.role = {id: '', line: l.no, steps: 0};
        } else if (!this.role) {
            this.error(l.no, `step outside a role: ${STEP_PLACEMENT}`);
            this.role = {id: '', line: l.no, steps: 0};
        }
        if (l.indent < 2) {
            this.closeStep();
            this.step = this.newItem(l, undefined);
            return;
        }
        if (!this.step) {
            this.error(l.no, 'indented list item with no step above it; sub-steps go under a step');
            this.skipAbove = l.indent - 1;
            return;
        }
        if (this.sub && l.indent >= this.sub.indent + 2) {
            this.error(l.no, 'nesting too deep: a sub-step cannot have sub-steps of its own (one level only)');
            this.skipAbove = this.sub.indent + 1;
            return;
        }
        this.closeSub();
        this.sub = this.newItem(l, this.step);
    }

    private newItem(l: SourceLine, parent: OpenItem | undefined): OpenItem {
        const split = splitMarkers(l.content ?? '');
        const {markers, errors} = readStepMarkers(split.markers, new Set(this.conditions.map((c) => c.id)));
        errors.forEach((e) => this.error(l.no, e));
        if (split.text === '') {
            this.error(l.no, 'list item without a step title');
        } else if (split.text.length > MAX_TITLE_LENGTH) {
            this.error(l.no, `step title is longer than ${MAX_TITLE_LENGTH} characters`);
        }
        if (hasStrayMarker(split.text)) {
            this.error(l.no, 'markers go at the end of the step line, after the title; a {...} group in the middle is not read');
        }
        const id = markers.id ?? slugify(split.text);
        if (id === '' && split.text !== '') {
            this.error(l.no, 'cannot derive an id from this title; add an {#id} marker');
        } else if (id !== '') {
            const earlier = this.stepIds.get(id);
            if (earlier !== undefined) {
                this.error(l.no, `duplicate step id '${id}' (already used on line ${earlier}); ids must be unique in the template, set one with {#id}`);
            } else {
                this.stepIds.set(id, l.no);
            }
        }
        const step: TemplateStep = {id, title: split.text, role: this.role?.id ?? '', substeps: []};
        if (++this.stepCount === MAX_STEPS + 1) {
            this.firstOverLine = l.no;
        }
        if (markers.due) {
            step.due = markers.due;
        }
        if (markers.condition !== undefined) {
            step.condition = markers.condition;
        }
        if (markers.approval) {
            step.approval = true;
        }
        if (markers.recurring) {
            step.recurring = markers.recurring;
        }
        if (this.role) {
            this.role.steps++;
        }
        if (parent) {
            parent.step.substeps.push(step);
        } else {
            this.phase?.phase.steps.push(step);
        }
        return {step, line: l.no, indent: l.indent, contentCol: l.contentCol ?? l.indent + 2, desc: [], message: [], messageLine: 0, announce: markers.announce};
    }

    private condition(l: SourceLine): void {
        const read = readCondition(l.content ?? '');
        if (!read.ok) {
            this.error(l.no, read.error);
        } else if (this.conditions.some((c) => c.id === read.value.id)) {
            this.error(l.no, `condition '${read.value.id}' is declared twice`);
        } else if (this.conditions.length >= MAX_CONDITIONS) {
            this.error(l.no, `a template has at most ${MAX_CONDITIONS} conditions`);
        } else {
            this.conditions.push(read.value);
        }
    }

    // ---- text, descriptions and messages ----------------------------------------------

    private textOrQuote(l: SourceLine, blanks: number): void {
        if (!this.inBody) {
            this.preambleText(l, blanks);
            return;
        }
        const target = this.targetFor(l);
        if (!target) {
            const what = l.kind === 'quote' ? "an announcement message ('>' lines)" : 'text';
            this.error(l.no, `${what} out of place here; step descriptions and messages are indented under their list item`);
            return;
        }
        if (l.kind === 'quote') {
            if (target.message.length === 0) {
                target.messageLine = l.no;
            }
            appendWithBlanks(target.message, l.content ?? '', blanks);
            return;
        }
        const strip = Math.min(l.indent, target.contentCol);
        appendWithBlanks(target.desc, `${' '.repeat(l.indent - strip)}${l.text}`, blanks);
    }

    /** The step or sub-step an indented line belongs to, by its indent. */
    private targetFor(l: SourceLine): OpenItem | null {
        if (l.indent === 0 || !this.step) {
            return null;
        }
        if (this.sub && l.indent >= this.sub.contentCol) {
            return this.sub;
        }
        return this.step;
    }

    private preambleText(l: SourceLine, blanks: number): void {
        if (l.kind === 'quote' || l.indent > 0) {
            this.error(l.no, 'unexpected indented text or quote before the first phase');
            return;
        }
        const roles = ROLES_LINE.exec(l.text);
        if (roles) {
            this.descriptionClosed = true;
            this.conditionsOpen = false;
            this.declareRoles(l.no, roles[1]);
            return;
        }
        if (CONDITIONS_LINE.test(l.text)) {
            this.descriptionClosed = true;
            this.conditionsOpen = true;
            return;
        }
        if (this.descriptionClosed) {
            this.error(l.no, "the template description goes right after the '# Name' heading, before 'Roles:' and 'Conditions:'");
            return;
        }
        appendWithBlanks(this.description, l.text, blanks);
    }

    private declareRoles(line: number, list: string): void {
        if (this.rolesLine !== 0) {
            this.error(line, `roles are already declared on line ${this.rolesLine}`);
            return;
        }
        this.rolesLine = line;
        const read = readRolesLine(list);
        if (read.ok) {
            this.roles = read.value;
        } else {
            this.error(line, read.error);
        }
    }

    // ---- closing ----------------------------------------------------------------------

    private closeSub(): void {
        if (this.sub) {
            this.finishItem(this.sub);
            this.sub = null;
        }
    }

    private closeStep(): void {
        this.closeSub();
        if (this.step) {
            this.finishItem(this.step);
            this.step = null;
        }
        this.skipAbove = null;
    }

    private closeRole(): void {
        this.closeStep();
        if (this.role && this.role.steps === 0 && this.role.id !== '') {
            this.error(this.role.line, 'role heading with no steps under it; add steps as list items or remove the heading');
        }
        this.role = null;
    }

    private closePhase(): void {
        this.closeRole();
        if (this.phase?.keep) {
            if (this.phase.phase.steps.length === 0) {
                this.error(this.phase.line, `phase '${this.phase.phase.title}' has no steps`);
            }
            this.phases.push(this.phase.phase);
        }
        this.phase = null;
    }

    private finishItem(item: OpenItem): void {
        const description = trimBlankLines(item.desc).join('\n');
        if (description !== '') {
            item.step.description = description;
        }
        const message = trimBlankLines(item.message).join('\n');
        if (item.announce !== undefined && message === '') {
            this.error(item.line, `step with {announce: ${item.announce}} needs its message as '>' lines indented under it`);
        } else if (item.announce === undefined && message !== '') {
            this.error(item.messageLine, "announcement message ('>' lines) on a step without an {announce: ChannelSetting} marker");
        } else if (item.announce !== undefined) {
            item.step.announcement = {channelSetting: item.announce, message};
            const firstLine = item.messageLine + leadingBlankCount(item.message);
            for (const problem of checkAnnouncementMessage(message)) {
                this.error(firstLine + problem.line - 1, problem.message);
            }
        }
    }

    private finish(): void {
        if (this.firstOverLine > 0) {
            this.error(this.firstOverLine, `the template has ${this.stepCount} steps (sub-steps included); the limit is ${MAX_STEPS}, reached before this line`);
        }
        if (!this.sawContent) {
            this.error(1, "the template is empty; start with a '# Name' heading, then phases, roles and steps");
            return;
        }
        if (this.name !== null && this.phases.length === 0 && this.errors.empty) {
            this.error(this.nameLine, "the template has no phases; add a '## A. Phase (T-4)' heading with roles and steps");
        }
    }
}

export function parseTemplate(markdown: string): ParseResult {
    if (typeof markdown !== 'string') {
        return {template: null, errors: [{line: 1, message: 'the template must be Markdown text'}]};
    }
    const bytes = Buffer.byteLength(markdown, 'utf8');
    if (bytes > MAX_TEMPLATE_BYTES) {
        return {template: null, errors: [{line: 1, message: `the template is ${bytes} bytes; the limit is ${MAX_TEMPLATE_BYTES} bytes (256 KiB)`}]};
    }
    return new TemplateParser().parse(markdown);
}
