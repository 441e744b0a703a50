// Release runs. `RunService` is the one entry point for every run action, whatever the
// caller: the HTTP API (RHS, post menu), the slash command and the bot all go through it,
// so the permission checks and validation live here and nowhere else.
//
// Reading (caller must be a member of the run's channel):
//   listRuns(userId, channelId)                  -> {runs: RunSummary[], currentRunId} (from the channel's summary pages)
//   listRunsPage(userId, channelId, offset, limit) -> {runs, currentRunId, total}
//   getRun(userId, runId)                        -> Run
//   listEvents(userId, runId, before, limit)     -> {events (newest first), nextBefore}
//   stepNotes(userId, runId, stepId, before, limit) -> {notes (oldest first, with seq), nextBefore, noteCount}: a step's earlier notes
//   reportData(userId, runId)                    -> {run, events (oldest first)}: the whole log
//   reportSummary(userId, runId, last)           -> {run, events (the latest, oldest first), eventCount, byType}
//   eventLog(userId, runId)                      -> {run, each(write)}: the whole log one chunk at a time
//   channelRuns(userId, channelId)               -> {runs: Run[], currentRunId}
//   myOpenSteps(userId)                          -> {runs: MyRun[]}: the caller's open steps in active runs of their channels
//   allReleases(userId, {offset, limit})         -> {releases: ReleaseOverview[], total, offset, more}: active runs of their channels
//   calendar(userId, runId, 'milestones'|'mine') -> {filename, text}: the run's iCalendar file
// Any signed-in user:
//   defaults()                                   -> {timeZone, workingDays, holidays, roles, templates}
//   getTemplate(templateId)                      -> Template
// Starting (member; and listed in AllowedStarters or a system admin when WhoCanStart=listed):
//   previewRun(userId, StartRunInput)            -> {releaseDay, steps: PreviewStep[], warnings} (stores nothing)
//   startRun(userId, StartRunInput, source)      -> Run (becomes the channel's current run; publishes run_created)
//   setCurrent(userId, runId)                    -> {currentRunId} (publishes current_run_changed)
// Step actions answer what changed (stepAction -> RunDelta {runId, channelId, revision, status,
// progress, steps}); the per-verb methods below return the whole run after the change.
//   stepAction(userId, runId, stepId, StepAction, source) -> RunDelta
// Step actions (member; approval steps only by a Release Manager of the run or the user one
// of them assigned to the step; a run that is not active refuses every change):
//   markDone(userId, runId, stepId, {postId?, source})   postId: a post in the run's channel, kept as evidence
//   undo(userId, runId, stepId, source)
//   skip(userId, runId, stepId, reason, source)          reason required, trimmed, at most 500 characters (BOUNDS)
//   assign(userId, runId, stepId, assignee | null, source)   assignee must be a channel member
//   setDue(userId, runId, stepId, dueAt | null, source)      null: back to the schedule
//   addNote(userId, runId, stepId, text, source)
//   attachEvidence(userId, runId, stepId, postId, source)
// Run actions (member who is a Release Manager of the run, its starter, or a system admin):
//   moveReleaseDay(userId, runId, day, source)   -> {run, warnings}; open, non-overridden steps follow
//   setRoles(userId, runId, roles, source)       roles named are replaced, others kept
//   setConditions(userId, runId, answers, source) a "no" takes the question's open steps out, a "yes" brings back what it took out
//   finish(userId, runId, source)                read-only afterwards
//   archive(userId, runId, source)               from active or finished
// Trusted server code (bot, reminders, announcements; no user checks):
//   activeRuns(), runForSystem(runId), recordSystemEvent(runId, event), repairIndexes()
//
// Every refusal is an ActionError {kind, message, field?}: kind 'invalid' (400), 'forbidden'
// (403; unknown runs and runs of other channels look alike), 'not_found' (404, a step of a
// visible run), 'conflict' (409: wrong state, busy storage, size bounds). Each change appends
// events (type, user, time, source, step, post, data) and publishes `run_updated`
// {runId, channelId, revision} to the run's channel.
//
// Recurring daily steps: a tick before the step's last day (the local day of its due time)
// is recorded (event and the day in the step's `ticks`, shown as "Done for <day>") and leaves the step open; a tick on or after
// the last day closes it; one tick per day.
export {RunService, changedRun, summarize, POST_ID_FORMAT, MAX_NOTES_PAGE, type RunDelta, type StepAction, type ReportSummary, type RunSummary, type RunPreview, type RunDefaults, type TemplateSummary, type RunServiceDeps, type ChangedRun} from './service';
export {ActionError, STATUS_OF, NO_ACCESS, type ActionErrorKind} from './errors';
export {USER_SOURCES, BOUNDS, VERSION_FORMAT, tooLong, tooMany, type StartRunInput, type UserSource} from './inputs';
export {parseSettings, DEFAULT_SETTINGS, type EffectiveSettings, type ParsedSettings, type SettingProblem} from './settings';
export {planRun, buildRun, type PreviewStep} from './build-run';
export type {MyRun, MyStep} from './my-steps';
export type {AllReleases, ReleaseOverview, ReleaseHealth} from './all-releases';
export {isReleaseManager, localDay, RELEASE_MANAGER} from './step-actions';
