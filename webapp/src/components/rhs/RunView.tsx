// The checklist of one run: header, what needs attention, then phases and roles.
import React, {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {useSelector} from 'react-redux';

import {messageOf} from '../../api/errors';
import type {RunStep, StepVerb} from '../../api/types';
import {dailyDay, type DailyDay} from '../../../../server-bridge/src/product/attention';
import {allUserIds, attentionOf, groupRun, isReleaseManager, ownersOf, stepApplies} from '../../model/steps';
import {stepNumbers} from '../../model/numbers';
import {dayKeyIn} from '../../model/time';
import {ownValue} from '../../model/own';
import {getCurrentUserId, getRun, getTeamName, getViewerZone, isSystemAdmin} from '../../state/selectors';
import {ErrorNote, Loading} from '../common/ErrorNote';
import {useServices, useT} from '../context';
import {useDomId, useNow, useProfiles} from '../hooks';

import {AttentionList} from './AttentionList';
import {OtherReleases} from './OtherReleases';
import {RunActions} from './RunActions';
import {CalendarLinks} from './CalendarLinks';
import {RunConditions} from './RunConditions';
import {RunHeader} from './RunHeader';
import {StepRow} from './StepRow';

export function RunView({runId, mineOnly = false}: {runId: string; mineOnly?: boolean}) {
    const t = useT();
    const {ops} = useServices();
    const run = useSelector((s) => getRun(s, runId));
    const userId = useSelector(getCurrentUserId);
    const zone = useSelector(getViewerZone);
    const teamName = useSelector((s) => getTeamName(s, run?.teamId));
    const now = useNow();
    const [error, setError] = useState<string | null>(null);
    const [attempt, setAttempt] = useState(0);
    const hasRun = Boolean(run);
    const readOnlyId = useDomId();
    // Steps whose question was answered no are not part of the release: hidden unless asked for.
    const [showNotApplicable, setShowNotApplicable] = useState(false);

    useEffect(() => {
        if (hasRun) {
            return;
        }
        setError(null);
        ops.loadRun(runId).catch((err) => setError(messageOf(err)));
    }, [ops, runId, hasRun, attempt]);

    // Keyboard focus survives the update: a step ticked from its checkbox gets focus back
    // on that step's checkbox (found by step id) if the re-render dropped it to <body>.
    const rootRef = useRef<HTMLDivElement>(null);
    const focusStep = useRef<string | null>(null);
    const restoreFocus = useCallback(() => {
        const stepId = focusStep.current;
        const root = rootRef.current;
        const active = document.activeElement;
        if (!stepId || !root || (active && active !== document.body && active.isConnected)) {
            return;
        }
        focusStep.current = null;
        const row = Array.from(root.querySelectorAll<HTMLElement>('[data-step-id]')).find((el) => el.dataset.stepId === stepId);
        row?.querySelector<HTMLElement>('.rc-check')?.focus();
    }, []);
    const act = useCallback(async (stepId: string, verb: StepVerb, body: Record<string, unknown>) => {
        const active = document.activeElement;
        const fromTick = active instanceof HTMLElement && active.classList.contains('rc-check') &&
            active.closest<HTMLElement>('[data-step-id]')?.dataset.stepId === stepId;
        focusStep.current = fromTick ? stepId : null;
        try {
            return await ops.stepAction(runId, stepId, verb, body, 'rhs');
        } finally {
            restoreFocus();
        }
    }, [ops, runId, restoreFocus]);
    useEffect(restoreFocus, [run, restoreFocus]);
    const allGroups = useMemo(() => (run ? groupRun(run) : []), [run]);
    const notApplicable = useMemo(() => (run ? run.steps.filter((s) => !stepApplies(run, s)).length : 0), [run]);
    // "My steps": the steps of roles the viewer fills or assigned to them (a parent stays for a sub-step of theirs).
    const loadNotes = useCallback((stepId: string, before: number, limit: number) => ops.api.stepNotes(runId, stepId, before, limit), [ops, runId]);
    const isMine = useCallback((step: RunStep) => (run ? ownersOf(run, step).includes(userId) : false), [run, userId]);
    const groups = useMemo(() => {
        const keep = (step: RunStep, substeps: RunStep[]) => (!run || showNotApplicable || stepApplies(run, step)) &&
            (!mineOnly || isMine(step) || substeps.some(isMine));
        if (!run || (!mineOnly && (showNotApplicable || notApplicable === 0))) {
            return allGroups;
        }
        return allGroups.map((phase) => ({
            ...phase,
            roles: phase.roles.map((g) => ({...g, nodes: g.nodes.filter((n) => keep(n.step, n.substeps))})).filter((g) => g.nodes.length > 0),
        }));
    }, [allGroups, showNotApplicable, notApplicable, run, mineOnly, isMine]);
    const mineIds = useMemo(() => new Set((run?.steps ?? []).filter(isMine).map((s) => s.id)), [run, isMine]);
    // Where each open daily step stands today (its checkbox is the day's tick).
    const dailyOf = useMemo(() => {
        const map = new Map<string, DailyDay>();
        for (const s of run?.steps ?? []) {
            if (run && s.recurring === 'daily' && s.state === 'open') {
                map.set(s.id, dailyDay(run, s, now));
            }
        }
        return map;
    }, [run, now]);
    const attention = useMemo(() => (run ? attentionOf(run, now, dayKeyIn(zone)) : {overdue: [], dueToday: []}), [run, now, zone]);
    const userIds = useMemo(() => (run ? allUserIds(run) : []), [run]);
    const profiles = useProfiles(userIds);
    // Row callbacks depend only on what they read, so a tick elsewhere keeps them stable
    // and the memoized rows skip re-rendering.
    const isRM = run ? isReleaseManager(run, userId) : false;
    const mayClose = useCallback((step: RunStep) => !step.approval || isRM, [isRM]);
    const rolesKey = JSON.stringify(run?.roles ?? {});
    const roles = useMemo(() => JSON.parse(rolesKey) as Record<string, string[]>, [rolesKey]);
    const owners = useCallback((step: RunStep) => (step.assignee ? [step.assignee] : ownValue(roles, step.role) ?? []), [roles]);
    const conditionsKey = JSON.stringify(run?.conditions ?? {});
    const conditions = useMemo(() => JSON.parse(conditionsKey) as Record<string, boolean>, [conditionsKey]);
    const applies = useCallback((step: RunStep) => stepApplies({conditions}, step), [conditions]);
    const admin = useSelector(isSystemAdmin);
    const mayAnnounce = useCallback((step: RunStep) => admin || isRM || owners(step).includes(userId), [admin, isRM, owners, userId]);
    // The numbers `/release list` uses, so desktop and mobile users name a step alike. Kept
    // as a string key so a tick (which renumbers nothing) leaves the rows memoized.
    const numbersKey = useMemo(() => JSON.stringify(run ? [...stepNumbers(run)] : []), [run]);
    const numberOf = useMemo(() => {
        const numbers = new Map(JSON.parse(numbersKey) as Array<[string, string]>);
        return (step: RunStep) => numbers.get(step.id);
    }, [numbersKey]);

    // Only an active run changes; a finished or archived one is shown as a record.
    const readOnly = run ? run.status !== 'active' : false;
    if (!run) {
        return error ? <ErrorNote message={error} onRetry={() => setAttempt(attempt + 1)}/> : <Loading/>;
    }
    return (
        <div className='rc-run' ref={rootRef}>
            <RunHeader run={run}/>
            <RunConditions run={run}/>
            {notApplicable > 0 && (
                <button type='button' className='rc-btn rc-btn--link' aria-pressed={showNotApplicable} onClick={() => setShowNotApplicable(!showNotApplicable)}>
                    {t('showNotApplicable', {count: notApplicable})}
                </button>
            )}
            <RunActions run={run}/>
            <CalendarLinks run={run}/>
            {readOnly && <p id={readOnlyId} className='rc-note'>{t(run.status === 'archived' ? 'readOnlyArchived' : 'readOnlyFinished')}</p>}
            {!readOnly && <AttentionList attention={attention} now={now} zone={zone} roleNames={run.roleNames ?? {}} mine={mineIds} mineOnly={mineOnly}/>}
            {mineOnly && groups.every((p) => p.roles.length === 0) && <p className='rc-muted'>{t('mineNone')}</p>}
            {groups.map((phase) => (
                <section key={phase.id} className='rc-phase' aria-labelledby={`rc-phase-${phase.id}`}>
                    <h3 className='rc-h3' id={`rc-phase-${phase.id}`}>
                        {t('phaseHeading', {label: phase.label, title: phase.title})}
                        <span className='rc-muted'>{' '}{t('phaseProgress', {closed: phase.progress.closed, total: phase.progress.total})}</span>
                    </h3>
                    {phase.roles.map((group) => (
                        <div key={group.role} className='rc-role'>
                            <h4 className='rc-h4'>{group.roleName}</h4>
                            <ul className='rc-steps'>
                                {group.nodes.map((node) => (
                                    <StepRow
                                        key={node.step.id}
                                        step={node.step}
                                        substeps={node.substeps}
                                        owners={owners(node.step)}
                                        ownersOf={owners}
                                        applies={applies}
                                        profiles={profiles}
                                        conditionQuestion={node.step.condition ? (run.conditionQuestions && ownValue(run.conditionQuestions, node.step.condition)) : undefined}
                                        mayClose={mayClose}
                                        mayAnnounce={mayAnnounce}
                                        now={now}
                                        zone={zone}
                                        act={act}
                                        teamName={teamName}
                                        readOnlyNoteId={readOnly ? readOnlyId : undefined}
                                        number={numberOf(node.step)}
                                        numberOf={numberOf}
                                        daily={dailyOf.get(node.step.id)}
                                        loadNotes={loadNotes}
                                    />
                                ))}
                            </ul>
                        </div>
                    ))}
                </section>
            ))}
            {mineOnly && <OtherReleases exceptRunId={run.id} revision={run.revision}/>}
        </div>
    );
}
