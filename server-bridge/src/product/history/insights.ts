// The history in sentences, each computed from the summary's figures: the steps that slip
// most often in the recent releases, the phases that take longer than planned, the role that
// closes late most, and whether the newest release did better than the ones before it.
import {formatHours} from './format';
import type {HistorySummary} from './summarize';
import {median} from './summarize';

/** How many recent releases a step's record is judged on. */
export const RECENT_RELEASES = 4;
const MAX_STEP_SENTENCES = 3;
/** A phase is called slow when its median span is this much over plan and at least half a day more. */
const PHASE_OVER_PLAN = 1.25;

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export function insightsOf(summary: Pick<HistorySummary, 'releases' | 'steps' | 'phases' | 'roles'>): string[] {
    const out: string[] = [];
    if (summary.releases.length === 0) {
        return out;
    }

    const slipping = summary.steps
        .map((s) => {
            const recent = s.recent.slice(-RECENT_RELEASES);
            const late = recent.filter((r) => r.lateHours > 0).map((r) => r.lateHours);
            return {step: s, recent, late};
        })
        .filter(({recent, late}) => late.length >= 2 && late.length * 2 >= recent.length)
        .sort((a, b) => b.late.length / b.recent.length - a.late.length / a.recent.length || median(b.late) - median(a.late));
    for (const {step, recent, late} of slipping.slice(0, MAX_STEP_SENTENCES)) {
        const worst = Math.max(...late);
        const worstText = formatHours(worst) === formatHours(median(late)) ? '' : ` (worst ${formatHours(worst)})`;
        const of = recent.length === late.length ? `all of the last ${recent.length}` : `${late.length} of the last ${recent.length}`;
        out.push(`${step.roleName}’s “${step.title}” slipped in ${of} releases it was done in, by a median of ${formatHours(median(late))}${worstText}.`);
    }

    for (const p of summary.phases) {
        if (p.actualDays > p.plannedDays * PHASE_OVER_PLAN && p.actualDays - p.plannedDays >= 0.5) {
            out.push(`Phase ${p.label} (${p.title}) took a median of ${formatHours(p.actualDays * 24)} against ${formatHours(p.plannedDays * 24)} planned for ${p.plan}, over ${plural(p.releases, 'release', 'releases')}.`);
        }
    }

    const roles = summary.roles.filter((r) => r.late > 0 && r.samples >= 2);
    const worstRole = [...roles].sort((a, b) => b.late / b.samples - a.late / a.samples || b.medianHours - a.medianHours)[0];
    if (worstRole) {
        const most = summary.roles.length > 1 ? ', the largest share of any role' : '';
        out.push(`${worstRole.roleName} closed ${worstRole.late} of ${plural(worstRole.samples, 'step', 'steps')} late${most} (median ${formatHours(worstRole.medianHours)}, worst ${formatHours(worstRole.worstHours)}).`);
    }

    const releases = summary.releases;
    if (releases.length >= 3) {
        const last = releases[releases.length - 1];
        const before = releases.slice(0, -1).slice(-RECENT_RELEASES);
        const typical = median(before.map((r) => r.late));
        const compared = last.late < typical ? 'fewer than' : last.late > typical ? 'more than' : 'as many as';
        out.push(`Release ${last.version} had ${plural(last.late, 'late step', 'late steps')}, ${compared} the median of ${typical} in the ${plural(before.length, 'release', 'releases')} before it.`);
    }
    if (releases.every((r) => r.late === 0) && releases.some((r) => r.samples > 0)) {
        out.push(`Every step done in the last ${plural(releases.length, 'release', 'releases')} was closed on time.`);
    }
    return out;
}
