// Template to the Markdown dialect, in its one canonical layout: parsing this output and
// exporting again gives the same bytes, and ids are always written so they never drift.
import type {Template, TemplatePhase, TemplateStep} from '../model';
import {formatOffset} from './due-text';
import {formatStepMarkers} from './markers';

function indented(pad: string, text: string): string {
    return text === '' ? '' : `${pad}${text}`;
}

function stepLines(step: TemplateStep, pad: string): string[] {
    const markers = formatStepMarkers({
        id: step.id,
        condition: step.condition,
        approval: step.approval,
        recurring: step.recurring,
        due: step.due,
        announce: step.announcement?.channelSetting,
    });
    const out = [`${pad}- ${step.title}${markers}`];
    const inner = `${pad}  `;
    if (step.description) {
        out.push(...step.description.split('\n').map((line) => indented(inner, line)));
    }
    if (step.announcement) {
        out.push(...step.announcement.message.split('\n').map((line) => (line === '' ? `${inner}>` : `${inner}> ${line}`)));
    }
    for (const sub of step.substeps) {
        out.push(...stepLines(sub, inner));
    }
    return out;
}

function phaseHeading(phase: TemplatePhase): string {
    const label = phase.label ? `${phase.label}. ` : '';
    return `## ${label}${phase.title} (${formatOffset(phase.offset)})`;
}

/** Steps of a phase in runs of the same role, each run under its own '### Role'. */
function phaseLines(phase: TemplatePhase, roleName: (id: string) => string): string[] {
    const out = [phaseHeading(phase), ''];
    let current: string | null = null;
    for (const step of phase.steps) {
        if (step.role !== current) {
            if (current !== null) {
                out.push('');
            }
            current = step.role;
            out.push(`### ${roleName(step.role)}`, '');
        }
        out.push(...stepLines(step, ''));
    }
    out.push('');
    return out;
}

export function exportTemplate(template: Template): string {
    const names = new Map(template.roles.map((r) => [r.id, r.name]));
    const roleName = (id: string): string => names.get(id) ?? id;
    const out = [`# ${template.name} {#${template.id}}`, ''];
    if (template.description) {
        out.push(...template.description.split('\n'), '');
    }
    out.push(`Roles: ${template.roles.map((r) => r.name).join(', ')}`, '');
    if (template.conditions.length > 0) {
        out.push('Conditions:', ...template.conditions.map((c) => `- ${c.id}: ${c.question}`), '');
    }
    for (const phase of template.phases) {
        out.push(...phaseLines(phase, roleName));
    }
    while (out.length > 0 && out[out.length - 1] === '') {
        out.pop();
    }
    return `${out.join('\n')}\n`;
}
