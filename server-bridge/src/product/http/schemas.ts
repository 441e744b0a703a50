// The JSON shapes of request bodies (docs/http-api.md). They check shape and size only;
// the run service checks meaning (dates, zones, ids) for every caller alike.
import {z} from 'zod';
import {BOUNDS, USER_SOURCES, tooLong, tooMany} from '../runs';

// Limits with a message of their own are refinements worded by tooLong/tooMany: the body
// reader shows their message as is. They are the run service's limits (BOUNDS), so both refuse at
// the same size with the same words.
const text = (what: string, max: number) => z.string().refine((s) => s.trim().length <= max, {error: tooLong(what, max)});
const list = <T extends z.ZodType>(item: T, what: string, max: number, things: string) =>
    z.array(item).refine((a) => a.length <= max, {error: tooMany(what, max, things)});

const id = z.string().min(1).max(64);
const source = z.enum(USER_SOURCES as unknown as [string, ...string[]]).optional();
const userIds = list(id, 'users', BOUNDS.usersPerRole, 'users per role');
const roles = z.record(z.string().min(1).max(64), userIds).refine((r) => Object.keys(r).length <= 50, {error: tooMany('roles', 50, 'roles')});

export const startRunSchema = z.object({
    channelId: id,
    templateId: id,
    version: z.string().min(1).refine((v) => v.length <= BOUNDS.versionLength, {error: tooLong('version', BOUNDS.versionLength)}),
    releaseDay: z.string().min(1).max(32),
    timeZone: z.string().min(1).max(64),
    roles: roles,
    conditions: z.record(z.string().min(1).max(64), z.boolean()).refine((r) => Object.keys(r).length <= 50, {error: tooMany('conditions', 50, 'conditions')}),
    issues: list(z.string().refine((u) => u.length <= BOUNDS.issueLength, {error: tooLong('issue link', BOUNDS.issueLength)}), 'issues', BOUNDS.issues, 'issue links'),
    holidays: list(z.string().max(32), 'holidays', BOUNDS.runHolidays, 'extra holidays').optional(),
});

export const sourceOnlySchema = z.object({source});
export const doneSchema = z.object({postId: id.optional(), source});
export const skipSchema = z.object({reason: text('reason', BOUNDS.skipReason), source});
export const assignSchema = z.object({userId: id.nullable(), source});
export const dueSchema = z.object({dueAt: z.string().max(64).nullable(), source});
export const noteSchema = z.object({text: text('note', BOUNDS.note), source});
export const evidenceSchema = z.object({postId: id, source});
export const moveSchema = z.object({releaseDay: z.string().min(1).max(32), source});
export const rolesSchema = z.object({roles, source});
export const markdownSchema = z.object({markdown: z.string().max(1024 * 1024)});

/**
 * Mattermost's SubmitDialogRequest (model/integration_action.go). user_id is read but never
 * trusted: the caller is the Mattermost-User-ID header. Unknown keys are ignored, so newer
 * servers adding fields still parse.
 */
export const submitDialogSchema = z.object({
    type: z.string().max(64).optional(),
    url: z.string().max(2000).optional(),
    callback_id: z.string().max(300).optional(),
    state: z.string().max(10000).optional(),
    user_id: z.string().max(64).optional(),
    channel_id: z.string().max(64).optional(),
    team_id: z.string().max(64).optional(),
    submission: z.record(z.string().max(300), z.unknown()).refine((r) => Object.keys(r).length <= 200, 'too many fields').nullable().optional(),
    cancelled: z.boolean().optional(),
});
