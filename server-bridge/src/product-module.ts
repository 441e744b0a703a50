// Loads the product's code on OnActivate. In the executable (a Node single executable
// application) the product is not part of the main script but a SEA asset of its own
// (scripts/build-server.js): Node then deserializes and runs only the bridge before the
// handshake line. Its V8 code cache, made by the build with the executable's own V8 flags, is
// another asset; V8 checks it and compiles from the source when it does not fit. Run from
// source (tests, tools) the product is an ordinary dynamic import.
import {getAsset, getRawAsset, isSea} from 'node:sea';
import vm from 'node:vm';

export type ProductModule = typeof import('./product');

/** Asset names and the wrapper; the build makes the code cache for exactly this text. */
export const PRODUCT_ASSET = 'product.cjs';
export const PRODUCT_CACHE_ASSET = 'product.cache';
export const PRODUCT_WRAPPER = ['(function (exports, require, module) {', '\n})'] as const;

let fromAsset: ProductModule | undefined;

function productFromAsset(): ProductModule {
    if (!fromAsset) {
        let cachedData: Uint8Array | undefined;
        try {
            const raw = getRawAsset(PRODUCT_CACHE_ASSET);
            cachedData = typeof raw === 'string' ? undefined : new Uint8Array(raw);
        } catch {
            // Executables for another architecture than the build's carry no code cache.
        }
        const source = PRODUCT_WRAPPER[0] + getAsset(PRODUCT_ASSET, 'utf8') + PRODUCT_WRAPPER[1];
        const script = new vm.Script(source, {filename: PRODUCT_ASSET, cachedData});
        const module = {exports: {} as ProductModule};
        (script.runInThisContext() as (exports: unknown, req: NodeJS.Require, mod: unknown) => void)(module.exports, require, module);
        fromAsset = module.exports;
    }
    return fromAsset;
}

export function loadProductModule(): Promise<ProductModule> {
    return isSea() ? Promise.resolve().then(productFromAsset) : import('./product');
}
