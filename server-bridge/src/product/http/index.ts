// The plugin's HTTP API (docs/http-api.md) on the ServeHTTP request/response shape.
export {createHttpHandler, API_PREFIX, type ExtraRoutes} from './handler';
export {MAX_BODY_BYTES} from './body';
export type {ApiDeps} from './context';
