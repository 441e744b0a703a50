// What each route handler gets: the caller, the query, the request and response, and the
// product services it may call.
import type {StepButtons} from '../actions/step-buttons';
import type {HttpRequest, HttpResponse} from '../http-types';
import type {HistoryService} from '../history';
import type {Run} from '../model';
import type {PlatformApi} from '../platform';
import type {RunService} from '../runs';
import type {TemplateRepository} from '../store';

export interface ApiDeps {
    api: PlatformApi;
    service: RunService;
    templates: TemplateRepository;
    /** The release history (GET /history, the report's history table); absent, the route answers 404. */
    history?: HistoryService;
    now: () => Date;
    /** The plugin settings the last parse ignored, one sentence each; shown to admins by GET /defaults. */
    settingsProblems?: () => readonly string[];
    /** "Post it" for announcement steps (the bot's part); the route exists only when given. */
    announce?: (run: Run, stepId: string, userId: string) => Promise<{run: Run}>;
    /** The step buttons on the bot's posts; their routes exist only when given. */
    buttons?: StepButtons;
    /** Sends the run's due reminders now; the route exists only when given. */
    remindNow?: (run: Run) => Promise<number>;
}

export interface RouteContext {
    userId: string;
    query: URLSearchParams;
    req: HttpRequest;
    res: HttpResponse;
    deps: ApiDeps;
}
