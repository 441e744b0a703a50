// Own-property lookups for objects keyed by role or condition ids (template text, where
// `constructor` is a valid id), shared with the server; own.ts imports nothing.
export {hasOwn, ownRecord, ownValue} from '../../../server-bridge/src/product/own';
