// One checklist line: tick/undo, title and badges, owners, due time (relative and
// absolute in the viewer's zone), state, evidence links, notes (StepNotes), and the inline actions.
// Memoized: with sixty steps only the rows whose step changed re-render.
import React, {memo, useState} from 'react';
import {useIntl} from 'react-intl';
import type {UserProfile} from '@mattermost/types/users';

import type {DailyDay} from '../../../../server-bridge/src/product/attention';
import type {RunStep} from '../../api/types';
import {formatAbsolute, formatDay, formatRelative, formatShort} from '../../model/time';
import {Avatar} from '../common/Avatar';
import {useT} from '../context';
import {handleOf, useDomId} from '../hooks';

import {EvidenceLink} from './EvidenceLink';
import {StepActions, type StepAct} from './StepActions';
import {StepNotes, type LoadNotes} from './StepNotes';

export interface StepRowProps {
    step: RunStep;
    substeps?: RunStep[];
    owners: string[];
    profiles: Record<string, UserProfile | undefined>;
    conditionQuestion?: string;
    /** False when the step is an approval and the viewer is not the Release Manager. */
    mayClose: (step: RunStep) => boolean;
    /** The server's rule for "Post announcement": the step's owner, the Release Manager, an admin. */
    mayAnnounce: (step: RunStep) => boolean;
    now: number;
    zone: string;
    act: StepAct;
    teamName: string;
    ownersOf: (step: RunStep) => string[];
    /** False for a step whose condition the run answered "no": it is not part of the release. */
    applies: (step: RunStep) => boolean;
    /** Set on a run that is no longer active: the id of the note saying it is read-only. */
    readOnlyNoteId?: string;
    /** The step's number as `/release list` shows it ("7", "7.2"). */
    number?: string;
    numberOf: (step: RunStep) => string | undefined;
    /** For an open daily step: where it stands today (the shared rule of product/attention.ts). */
    daily?: DailyDay;
    /** Pages a step's earlier notes (the step carries only its latest few). */
    loadNotes?: LoadNotes;
}

function StepRowImpl(props: StepRowProps) {
    const {step, substeps, owners, profiles, conditionQuestion, mayClose, now, zone, act, teamName, readOnlyNoteId} = props;
    const readOnly = readOnlyNoteId !== undefined;
    const t = useT();
    const intl = useIntl();
    const [expanded, setExpanded] = useState(false);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<string | null>(null);
    const noteId = useDomId();
    const allowed = mayClose(step);
    const applicable = props.applies(step);
    const closed = step.state !== 'open';
    // An open daily step's checkbox is the day's tick: pressed once it is done for today.
    const daily = !closed ? props.daily : undefined;
    const tickedToday = daily?.ticked === true;
    const notYet = daily !== undefined && daily.firstDay !== '' && daily.day < daily.firstDay;
    const dueToday = daily && daily.day <= daily.lastDay && !notYet && daily.working && !tickedToday ? daily.dueAt : undefined;
    const dueShown = dueToday ?? step.dueAt;
    const overdue = !readOnly && applicable && step.state === 'open' && !tickedToday && !notYet &&
        (daily && daily.day <= daily.lastDay ? dueToday !== undefined && Date.parse(dueToday) < now : Date.parse(step.dueAt) < now);
    const pressed = closed || tickedToday;

    const toggle = async () => {
        if (busy) {
            return;
        }
        setBusy(true);
        setError(null);
        try {
            await act(step.id, pressed ? 'undo' : 'done', {});
        } catch (err) {
            setError(err instanceof Error ? err.message : String(err));
        } finally {
            setBusy(false);
        }
    };

    // Announcement steps: the server posts the message to the configured channel and
    // records that post as the evidence.
    const announce = async () => {
        setBusy(true);
        setError(null);
        try {
            await act(step.id, 'announce', {});
        } catch (err) {
            setError(err instanceof Error ? err.message : String(err));
        } finally {
            setBusy(false);
        }
    };

    // A step that does not apply is told apart from one a person skipped (the server marks
    // it skipped at creation, with the condition as the reason).
    const stateLabel = !applicable ? t('stateNotApplicable') :
        step.state === 'done' ? t('stateDone') : step.state === 'skipped' ? t('stateSkipped') :
            tickedToday ? t('stateDoneToday') : notYet ? t('stateDailyFrom', {day: formatDay(daily.firstDay, intl.locale)}) : t('stateOpen');
    const label = closed ? t('undo', {title: step.title}) : daily ? t(tickedToday ? 'undoToday' : 'markDoneToday', {title: step.title}) : t('markDone', {title: step.title});
    const describedBy = readOnly ? readOnlyNoteId : !allowed || notYet ? noteId : undefined;
    const stateClass = applicable ? step.state : 'na';
    return (
        <li className={`rc-step rc-step--${stateClass}${overdue ? ' rc-step--overdue' : ''}`} id={`rc-step-${step.id}`} data-step-id={step.id}>
            <div className='rc-step-main'>
                <button
                    type='button'
                    className='rc-check'
                    aria-pressed={pressed}
                    aria-label={label}
                    aria-describedby={describedBy}
                    // Not disabled while saving: a disabled button drops keyboard focus to <body>.
                    disabled={readOnly || !allowed || notYet}
                    aria-disabled={busy || undefined}
                    onClick={toggle}
                >
                    <span aria-hidden='true'>{step.state === 'done' || tickedToday ? '✓' : step.state === 'skipped' ? '–' : ''}</span>
                </button>
                <div className='rc-step-body'>
                    <div className='rc-step-title'>
                        {props.number && <span className='rc-step-num'>{`#${props.number}`}</span>}
                        <span className='rc-step-name'>{step.title}</span>
                        {step.approval && <span className='rc-badge'>{t('approvalBadge')}</span>}
                        {step.recurring === 'daily' && <span className='rc-badge'>{t('recurringBadge')}</span>}
                        {overdue && <span className='rc-badge rc-badge--danger'>{t('overdueBadge')}</span>}
                        {conditionQuestion && <span className='rc-badge rc-badge--muted'>{t('conditionBadge', {question: conditionQuestion})}</span>}
                    </div>
                    <div className='rc-step-meta'>
                        <span className='rc-owners' aria-label={t('owners')}>
                            {owners.length === 0 ? <span className='rc-muted'>{t('noOwner')}</span> : owners.map((id) => (
                                <Avatar key={id} userId={id} user={profiles[id]}/>
                            ))}
                        </span>
                        {/* A finished run has no "due in N days": only the date it was due. */}
                        {readOnly ? (
                            <time dateTime={step.dueAt} className='rc-muted'>{formatAbsolute(step.dueAt, zone, intl.locale)}</time>
                        ) : (
                            <>
                                <time dateTime={dueShown} title={formatAbsolute(dueShown, zone, intl.locale)}>
                                    {t('due', {relative: formatRelative(dueShown, now, intl.locale)})}
                                </time>
                                <span className='rc-muted'>
                                    {daily ? t('dailyUntil', {date: formatAbsolute(step.dueAt, zone, intl.locale)}) : formatAbsolute(step.dueAt, zone, intl.locale)}
                                    {step.dueOverridden ? ` ${t('dueOverridden')}` : ''}
                                </span>
                            </>
                        )}
                        <span className={`rc-state rc-state--${stateClass}`}>{stateLabel}</span>
                    </div>
                    {!readOnly && !allowed && <p id={noteId} className='rc-note'>{t('approvalOnly')}</p>}
                    {!readOnly && allowed && notYet && <p id={noteId} className='rc-note'>{t('dailyNotYet', {day: formatDay(daily.firstDay, intl.locale)})}</p>}
                    {applicable && step.state === 'skipped' && step.skipReason && <p className='rc-note'>{t('skipReasonShown', {reason: step.skipReason})}</p>}
                    {step.evidence.length > 0 && (
                        <div className='rc-evidence'>
                            <span className='rc-muted'>{t('evidence')}{': '}</span>
                            {step.evidence.map((e) => (
                                <EvidenceLink
                                    key={e.postId}
                                    postId={e.postId}
                                    teamName={teamName}
                                    label={t('evidenceLink', {person: handleOf(profiles[e.userId], e.userId), time: formatShort(e.at, zone, intl.locale)})}
                                    title={formatAbsolute(e.at, zone, intl.locale)}
                                />
                            ))}
                        </div>
                    )}
                    <StepNotes step={step} profiles={profiles} zone={zone} loadNotes={props.loadNotes}/>
                    {!readOnly && step.announcement && step.state === 'open' && props.mayAnnounce(step) && (
                        // A line of its own inside the body: beside the title it squeezed
                        // the text and overlapped the row at the RHS's narrow width.
                        <div className='rc-step-announce'>
                            <button
                                type='button'
                                className='rc-btn rc-btn--small'
                                aria-label={t('postAnnouncement', {title: step.title})}
                                disabled={busy}
                                onClick={announce}
                            >
                                {t('postAnnouncementShort')}
                            </button>
                        </div>
                    )}
                    {error && <div className='rc-field-error' role='alert'>{error}</div>}
                </div>
                <button
                    type='button'
                    className='rc-btn rc-btn--icon'
                    aria-expanded={readOnly ? false : expanded}
                    aria-label={t('moreActions', {title: step.title})}
                    aria-describedby={readOnlyNoteId}
                    disabled={readOnly}
                    onClick={() => setExpanded(!expanded)}
                >
                    <span aria-hidden='true'>{'⋯'}</span>
                </button>
            </div>
            {expanded && !readOnly && (
                <StepActions step={step} zone={zone} act={act} mayClose={allowed} onDone={() => setExpanded(false)}/>
            )}
            {substeps && substeps.length > 0 && (
                <ul className='rc-substeps'>
                    {substeps.map((s) => (
                        <StepRow
                            key={s.id}
                            {...props}
                            step={s}
                            substeps={undefined}
                            owners={props.ownersOf(s)}
                            number={props.numberOf(s)}
                            conditionQuestion={undefined}
                            daily={undefined}
                        />
                    ))}
                </ul>
            )}
        </li>
    );
}

function sameRow(a: StepRowProps, b: StepRowProps): boolean {
    // Rows re-render when their step (or sub-steps) changed identity, the minute ticked,
    // or shared inputs changed; owners compare by value since arrays are rebuilt.
    return a.step === b.step &&
        a.now === b.now &&
        a.zone === b.zone &&
        a.act === b.act &&
        a.mayClose === b.mayClose &&
        a.mayAnnounce === b.mayAnnounce &&
        a.profiles === b.profiles &&
        a.teamName === b.teamName &&
        a.applies === b.applies &&
        a.readOnlyNoteId === b.readOnlyNoteId &&
        a.number === b.number &&
        a.numberOf === b.numberOf &&
        a.conditionQuestion === b.conditionQuestion &&
        JSON.stringify(a.daily) === JSON.stringify(b.daily) &&
        a.owners.join(',') === b.owners.join(',') &&
        (a.substeps ?? []).length === (b.substeps ?? []).length &&
        (a.substeps ?? []).every((s, i) => s === b.substeps?.[i]);
}

export const StepRow = memo(StepRowImpl, sameRow);
