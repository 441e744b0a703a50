// The report's "Release history" section: the figures of GET /history for the run's template
// as Markdown tables (user text escaped, so a step title can neither format nor ping).
import type {HistorySummary} from '../history';
import {formatDays, formatHours} from '../history/format';

import {escapeCell, escapeInline} from './markdown';

/** Steps listed in the report's table: the latest ones. */
const MAX_STEP_ROWS = 10;

const table = (head: string[], rows: string[][]): string[] => [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
];

export function releaseHistorySection(h: HistorySummary): string {
    const title = `## Release history of ${escapeInline(h.templateName)}`;
    if (h.releases.length === 0) {
        return `${title}\n\nNo finished release of this template yet.`;
    }
    const lateSteps = h.steps.filter((s) => s.late > 0).slice(0, MAX_STEP_ROWS);
    const out = [
        title,
        '',
        `Over ${h.releases.length} finished release${h.releases.length === 1 ? '' : 's'}: ${h.releases.map((r) => escapeInline(r.version)).join(', ')}. ` +
            'Lateness is how long after its due time a done step was closed.',
        '',
        ...h.insights.map((s) => `- ${escapeInline(s)}`),
        '',
        '### Steps that slip most',
        '',
        ...(lateSteps.length === 0
            ? ['Every step was closed on time.']
            : table(['Step', 'Role', 'Late', 'Median', 'Worst'], lateSteps.map((s) => [
                escapeCell(s.title), escapeCell(s.roleName), `${s.late} of ${s.samples}`, formatHours(s.medianHours), formatHours(s.worstHours),
            ]))),
        '',
        '### Phases against plan',
        '',
        ...table(['Phase', 'Plan', 'Planned', 'Took (median)', 'Took (worst)', 'Late steps', 'Median late', 'Worst late'], h.phases.map((p) => [
            escapeCell(`${p.label}. ${p.title}`), p.plan, formatDays(p.plannedDays), formatDays(p.actualDays), formatDays(p.worstActualDays),
            `${p.late} of ${p.samples}`, formatHours(p.medianHours), formatHours(p.worstHours),
        ])),
        '',
        '### By role',
        '',
        ...table(['Role', 'Late steps', 'Median late', 'Worst late'], h.roles.map((r) => [
            escapeCell(r.roleName), `${r.late} of ${r.samples}`, formatHours(r.medianHours), formatHours(r.worstHours),
        ])),
        '',
        '### By release',
        '',
        ...table(['Release', 'Release day', 'Late steps', 'Median late', 'Worst late'], h.releases.map((r) => [
            escapeCell(r.version), r.releaseDay, `${r.late} of ${r.samples}`, formatHours(r.medianHours), formatHours(r.worstHours),
        ])),
    ];
    return out.join('\n');
}
