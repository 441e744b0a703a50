// The executable carries the product as a SEA asset with a V8 code cache that the build makes
// for the exact text product-module.ts compiles: the two must agree on names and wrapper,
// or the product would not load (names) or V8 would reject the cache (wrapper) and compile
// the product from source on every activation.
import {PRODUCT_ASSET, PRODUCT_CACHE_ASSET, PRODUCT_WRAPPER} from '../../server-bridge/src/product-module';

const build = require('../../scripts/build-server');

describe('the product asset', () => {
    it('has the same names and wrapper in the build and in the loader', () => {
        expect(build.PRODUCT_ASSET).toBe(PRODUCT_ASSET);
        expect(build.PRODUCT_CACHE_ASSET).toBe(PRODUCT_CACHE_ASSET);
        expect(build.PRODUCT_WRAPPER).toEqual([...PRODUCT_WRAPPER]);
    });

    it('wraps the product as a function of exports, require and module', () => {
        const vm = require('vm');
        const module = {exports: {} as Record<string, unknown>};
        const source = `${PRODUCT_WRAPPER[0]}exports.answer = require('path').basename('/a/b');${PRODUCT_WRAPPER[1]}`;
        new vm.Script(source).runInThisContext()(module.exports, require, module);
        expect(module.exports.answer).toBe('b');
    });
});
