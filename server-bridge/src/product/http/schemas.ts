// The JSON shapes of request bodies (docs/http-api.md). They check shape and size only;
// the run service checks meaning (dates, zones, ids) for every caller alike.
import {z} from 'zod';
import {USER_SOURCES} from '../runs';

const id = z.string().min(1).max(64);
const source = z.enum(USER_SOURCES as unknown as [string, ...string[]]).optional();
const userIds = z.array(id).max(50);
const roles = z.record(z.string().min(1).max(64), userIds).refine((r) => Object.keys(r).length <= 50, 'too many roles');

export const startRunSchema = z.object({
    channelId: id,
    templateId: id,
    version: z.string().min(1).max(64),
    releaseDay: z.string().min(1).max(32),
    timeZone: z.string().min(1).max(64),
    roles: roles,
    conditions: z.record(z.string().min(1).max(64), z.boolean()).refine((r) => Object.keys(r).length <= 50, 'too many conditions'),
    issues: z.array(z.string().max(2000)).max(100),
    holidays: z.array(z.string().max(32)).max(1000).optional(),
});

export const sourceOnlySchema = z.object({source});
export const doneSchema = z.object({postId: id.optional(), source});
export const skipSchema = z.object({reason: z.string().max(10000), source});
export const assignSchema = z.object({userId: id.nullable(), source});
export const dueSchema = z.object({dueAt: z.string().max(64).nullable(), source});
export const noteSchema = z.object({text: z.string().max(20000), source});
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
