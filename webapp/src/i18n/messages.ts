// Every string the webapp shows. Ids carry the plugin id because the host's translation
// table is global; the English table handed to registerTranslations is derived from the
// defaults below, so there is one place to edit.
import {PLUGIN_ID} from '../manifest';

interface Message {
    id: string;
    defaultMessage: string;
}

function define<K extends string>(table: Record<K, string>): Record<K, Message> {
    const out = {} as Record<K, Message>;
    for (const key of Object.keys(table) as K[]) {
        out[key] = {id: `${PLUGIN_ID}.${key}`, defaultMessage: table[key]};
    }
    return out;
}

export const messages = define({
    title: 'Release Checklist',
    appBarTooltip: 'Release Checklist',
    postMenuDone: 'Mark step done',
    postMenuEvidence: 'Attach as evidence',
    noChannel: 'Open a channel to see its releases.',
    loading: 'Loading…',
    retry: 'Try again',
    errorPrefix: 'Something went wrong: {message}',
    syncError: 'Live updates could not refresh this list: {message}',
    emptyTitle: 'No release in this channel yet',
    emptyBody: 'Start a release to turn the process into a scheduled checklist for this channel.',
    startRelease: 'Start a release',
    cancel: 'Cancel',
    tabChecklist: 'Checklist',
    tabTimeline: 'Timeline',
    runPicker: 'Release',
    runOption: '{version} ({status}, {percent}%)',
    makeCurrent: 'Make this the channel’s current release',
    statusActive: 'active',
    statusFinished: 'finished',
    statusArchived: 'archived',
    runHeading: 'Release {version}',
    releaseDay: 'Release day: {day}',
    progressLabel: 'Progress',
    progressText: '{closed} of {total} steps closed ({percent}%)',
    overdue: 'Overdue',
    dueToday: 'Due today',
    nothingUrgent: 'Nothing overdue or due today.',
    phaseHeading: '{label}. {title}',
    phaseProgress: '{closed}/{total}',
    stateOpen: 'Open',
    stateDone: 'Done',
    stateSkipped: 'Skipped',
    overdueBadge: 'Overdue',
    markDone: 'Mark “{title}” done',
    undo: 'Undo “{title}”',
    moreActions: 'More actions for “{title}”',
    approvalOnly: 'Approval step: only the Release Manager can close or reopen it.',
    approvalBadge: 'Approval',
    recurringBadge: 'Daily',
    conditionBadge: 'If: {question}',
    due: 'Due {relative}',
    dueOverridden: '(changed)',
    owners: 'Owners',
    noOwner: 'No owner',
    evidence: 'Evidence',
    evidenceLink: 'Evidence post {n}',
    skipReasonShown: 'Skipped: {reason}',
    notes: 'Notes',
    skip: 'Skip',
    skipReason: 'Reason for skipping',
    skipReasonRequired: 'A reason is required to skip a step.',
    skipConfirm: 'Skip step',
    reassign: 'Reassign',
    reassignTo: 'Assign to',
    backToRole: 'Back to the role’s owners',
    editDue: 'Due time',
    dueInput: 'Due time (your time zone, {zone})',
    dueSave: 'Save due time',
    dueReset: 'Back to the schedule',
    dueInvalid: 'Enter a valid date and time.',
    addNote: 'Add note',
    noteText: 'Note',
    noteRequired: 'The note is empty.',
    noteSave: 'Save note',
    close: 'Close',
    postAnnouncement: 'Post the announcement for “{title}”',
    downloadReport: 'Download report',
    finishRun: 'Finish release',
    finishConfirm: 'Finish release {version}? Open steps stay as they are.',
    finishYes: 'Yes, finish it',
    working: 'Saving…',
    userSearch: 'Search people',
    userSearchPlaceholder: 'Type a name or username',
    noUsers: 'No matching people.',
    removeUser: 'Remove {name}',
    timelineEmpty: 'No events yet.',
    loadOlder: 'Load older events',
    eventLine: '{user} {what}',
    'event.run-created': 'started the release',
    'event.step-done': 'marked “{step}” done',
    'event.step-undone': 'reopened “{step}”',
    'event.step-skipped': 'skipped “{step}”',
    'event.step-reassigned': 'reassigned “{step}”',
    'event.step-due-changed': 'changed the due time of “{step}”',
    'event.step-note': 'added a note to “{step}”',
    'event.evidence-attached': 'attached evidence to “{step}”',
    'event.release-day-moved': 'moved the release day',
    'event.roles-changed': 'changed the role assignments',
    'event.run-finished': 'finished the release',
    'event.run-archived': 'archived the release',
    'event.announcement-posted': 'posted the announcement for “{step}”',
    'event.reminder-sent': 'sent reminders',
    eventSource: 'via {source}',
    formTitle: 'Start a release',
    formTemplate: 'Template',
    formVersion: 'Version',
    formVersionHelp: 'For example 1.1.1',
    formVersionInvalid: 'Use a version such as 1.1.1.',
    formReleaseDay: 'Release day (T-0)',
    formReleaseDayInvalid: 'Pick the release day.',
    formTimeZone: 'Time zone',
    formTimeZoneInvalid: 'Unknown time zone.',
    formRoles: 'Role assignments',
    formConditions: 'Conditions',
    formIssues: 'Security issues (one link per line)',
    formIssuesInvalid: 'Line {line} is not a link.',
    formTemplateRequired: 'Choose a template.',
    formSubmit: 'Start release',
    formPreview: 'Schedule preview',
    formPreviewHint: 'Fill in the version and release day to see the schedule.',
    formPreviewNotApplicable: 'does not apply',
    formWarnings: 'Warnings',
    chooserTitleDone: 'Mark a step done with this post as evidence',
    chooserTitleEvidence: 'Attach this post as evidence to a step',
    chooserSearch: 'Search steps',
    chooserNoRun: 'This channel has no active release.',
    chooserNoSteps: 'No open steps match.',
    chooserMine: 'yours',
    chooserDoneOk: 'Marked “{step}” done.',
    chooserEvidenceOk: 'Attached to “{step}”.',
    consoleRolesHelp: 'People filling each role in a new release.',
    consoleTemplate: 'Template',
    consoleMarkdown: 'Template Markdown',
    consoleParsed: 'Parsed template',
    consoleErrors: 'Problems',
    consoleErrorLine: 'Line {line}: {message}',
    consoleNoErrors: 'No problems found.',
    consoleSave: 'Save template',
    consoleSaved: 'Template saved.',
    consoleStepCount: '{count} steps',
    consoleParsing: 'Checking…',
    consoleNewTemplate: 'New template (copy of the one shown)…',
    consoleNewId: 'New template id',
    consoleNewIdInvalid: 'Use 1 to 64 characters: a-z, 0-9 and -.',
});

export type MessageKey = keyof typeof messages;

/** The English table for registerTranslations; other locales fall back to it. */
export function englishTranslations(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of Object.values(messages)) {
        out[m.id] = m.defaultMessage;
    }
    return out;
}

export function translationsFor(locale: string): Record<string, string> {
    // Only English ships today; answering it for every locale keeps the UI readable.
    void locale;
    return englishTranslations();
}
