export {renderReport, type ReportOptions} from './render-report';
export {splitMessage, MAX_POST_LENGTH} from './split-message';
export {escapeInline, escapeCell, link, permalink, safeUrl} from './markdown';
export {displayName, mention, lookupUser, type UserDirectory} from './users';
export {progressOf, ownersOf, isOverdue, applies, roleName, stepNumbers, offsetLabel, type Progress} from './run-facts';
export {formatInstant, formatDay, localDay} from './time-format';
export {describeEvent} from './describe-event';
