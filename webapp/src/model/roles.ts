// The default process's roles come from the product model itself. model.ts imports nothing,
// so this value import adds only the role list to the bundle (checked with bundle-size).
export {DEFAULT_ROLES} from '../../../server-bridge/src/product/model';
