// The JSON shapes of request bodies (docs/http-api.md). They check shape and size only;
// the run service checks meaning (dates, zones, ids) for every caller alike.
import * as z from 'zod';
import {BOUNDS, USER_SOURCES, tooLong, tooMany} from '../runs';
import {ownRecord} from '../own';

// Limits with a message of their own are refinements worded by tooLong/tooMany: the body
// reader shows their message as is. They are the run service's limits (BOUNDS), so both refuse at
// the same size with the same words.
const text = (what: string, max: number) => z.string().refine((s) => s.trim().length <= max, {error: tooLong(what, max)});
const list = <T extends z.ZodType>(item: T, what: string, max: number, things: string) =>
    z.array(item).refine((a) => a.length <= max, {error: tooMany(what, max, things)});

const id = z.string().min(1).max(64);
const source = z.enum(USER_SOURCES as unknown as [string, ...string[]]).optional();
const userIds = list(id, 'users', BOUNDS.usersPerRole, 'users per role');

/**
 * A JSON object of name -> value, kept whole: z.record drops a `__proto__` key without a
 * word and answers a plain object, where `constructor` or `toString` find Object.prototype.
 * This keeps every key as an own property of a prototype-less record, so the run service
 * refuses an unknown role or condition by its name, whatever the name.
 */
function namedMap<V extends z.ZodType>(value: V, what: string, max: number) {
    return z.unknown().transform((input, ctx) => {
        if (typeof input !== 'object' || input === null || Array.isArray(input)) {
            ctx.issues.push({code: 'invalid_type', expected: 'record', input, message: 'expected an object'});
            return z.NEVER;
        }
        const keys = Object.keys(input);
        if (keys.length > max) {
            ctx.issues.push({code: 'custom', input, message: tooMany(what, max, what)});
            return z.NEVER;
        }
        const out = ownRecord<z.infer<V>>();
        for (const key of keys) {
            if (key.length < 1 || key.length > 64) {
                ctx.issues.push({code: 'custom', input: key, path: [key], message: 'names are 1 to 64 characters'});
                continue;
            }
            const parsed = value.safeParse((input as Record<string, unknown>)[key]);
            if (!parsed.success) {
                for (const issue of parsed.error.issues) {
                    ctx.issues.push({...issue, input: undefined, path: [key, ...issue.path]});
                }
                continue;
            }
            out[key] = parsed.data;
        }
        return out;
    });
}

const roles = namedMap(userIds, 'roles', 50);

export const startRunSchema = z.object({
    channelId: id,
    templateId: id,
    version: z.string().min(1).refine((v) => v.length <= BOUNDS.versionLength, {error: tooLong('version', BOUNDS.versionLength)}),
    releaseDay: z.string().min(1).max(32),
    timeZone: z.string().min(1).max(64),
    roles: roles,
    conditions: namedMap(z.boolean(), 'conditions', 50),
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
export const conditionsSchema = z.object({conditions: namedMap(z.boolean(), 'conditions', 50), source});
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

export const runSettingsSchema = z.object({channelButtons: z.boolean().optional(), source});
