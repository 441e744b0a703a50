// Objects indexed by text a person wrote (role and condition ids from a request or a
// template) must only ever answer their own properties: `roles['constructor']` on a plain
// object is Object's constructor function, and assigning `__proto__` replaces the prototype.

/** True when obj itself has key (never an Object.prototype member). */
export function hasOwn(obj: object, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(obj, key);
}

/** obj[key] when obj itself has it, else undefined. */
export function ownValue<V>(obj: Readonly<Record<string, V>>, key: string): V | undefined {
    return hasOwn(obj, key) ? obj[key] : undefined;
}

/** A record with no prototype: every key, `__proto__` included, is an ordinary own property. */
export function ownRecord<V>(entries: Iterable<readonly [string, V]> = []): Record<string, V> {
    const out = Object.create(null) as Record<string, V>;
    for (const [key, value] of entries) {
        out[key] = value;
    }
    return out;
}
