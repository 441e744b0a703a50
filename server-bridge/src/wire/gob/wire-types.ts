/**
 * Gob's type descriptions: the predefined type ids and the wireType records a stream uses to
 * define every other type (encoded as ordinary gob structs with a fixed, built-in layout).
 */
import {GobError} from './errors';
import type {MessageReader} from './reader';
import type {ByteWriter} from './writer';

export const T_BOOL = 1;
export const T_INT = 2;
export const T_UINT = 3;
export const T_FLOAT = 4;
export const T_BYTES = 5;
export const T_STRING = 6;
export const T_COMPLEX = 7;
export const T_INTERFACE = 8;
/** Ids below this are Go's own; a stream may only define ids from here on. */
export const FIRST_USER_ID = 64;
/** Go's typeId is an int32. */
export const MAX_TYPE_ID = 0x7fffffff;

export type GobEncoderFlavor = 'GobEncoder' | 'BinaryMarshaler' | 'TextMarshaler';

export interface WireField {
    readonly name: string;
    readonly id: number;
}

export type WireType =
    | {readonly kind: 'array'; readonly name: string; readonly elem: number; readonly len: number}
    | {readonly kind: 'slice'; readonly name: string; readonly elem: number}
    | {readonly kind: 'struct'; readonly name: string; readonly fields: readonly WireField[]}
    | {readonly kind: 'map'; readonly name: string; readonly key: number; readonly elem: number}
    | {readonly kind: 'gobEncoder'; readonly name: string; readonly flavor: GobEncoderFlavor};

export const BASIC_TYPE_NAMES: Readonly<Record<number, string>> = {
    [T_BOOL]: 'bool', [T_INT]: 'int', [T_UINT]: 'uint', [T_FLOAT]: 'float', [T_BYTES]: 'bytes',
    [T_STRING]: 'string', [T_COMPLEX]: 'complex', [T_INTERFACE]: 'interface',
};

export function isBasicId(id: number): boolean {
    return id >= T_BOOL && id <= T_INTERFACE;
}

const FLAVORS: readonly GobEncoderFlavor[] = ['GobEncoder', 'BinaryMarshaler', 'TextMarshaler'];

function badType(msg: string): GobError {
    return new GobError('BAD_TYPE', `bad type definition: ${msg}`);
}

/** Reads a struct with the fixed layout of the built-in description types, field by field. */
function readStruct(r: MessageReader, onField: (field: number) => void): void {
    // Unknown field numbers are rejected by each caller's onField, with the type's name.
    for (let field = r.nextField(-1, Infinity); field >= 0; field = r.nextField(field, Infinity)) {
        onField(field);
    }
}

function readTypeId(r: MessageReader): number {
    const id = r.int();
    if (id < 0 || id > MAX_TYPE_ID) {
        throw badType(`type id ${id} out of range`);
    }
    return id;
}

function readCommon(r: MessageReader, maxName: number): {name: string; id: number} {
    let name = '';
    let id = 0;
    readStruct(r, (f) => {
        if (f === 0) {
            const n = r.uint();
            if (n > maxName) {
                throw badType(`name length ${n} too long`);
            }
            name = r.string(n);
        } else if (f === 1) {
            id = readTypeId(r);
        } else {
            throw badType(`unknown CommonType field ${f}`);
        }
    });
    return {name, id};
}

const MAX_NAME = 1 << 16;

/**
 * Decodes one wireType value (the body of a type definition message). A struct may declare at
 * most `maxFields` fields; the count is checked before any field is read.
 */
export function readWireType(r: MessageReader, maxFields = Number.MAX_SAFE_INTEGER): WireType {
    let result: WireType | undefined;
    const set = (w: WireType): void => {
        if (result) {
            throw badType('more than one kind in one definition');
        }
        result = w;
    };
    readStruct(r, (kindField) => {
        switch (kindField) {
        case 0: { // ArrayT: CommonType, Elem, Len
            let name = '', elem = 0, len = 0;
            readStruct(r, (f) => {
                if (f === 0) name = readCommon(r, MAX_NAME).name;
                else if (f === 1) elem = readTypeId(r);
                else if (f === 2) {
                    len = r.int();
                    if (len < 0) throw badType(`negative array length ${len}`);
                } else throw badType(`unknown arrayType field ${f}`);
            });
            set({kind: 'array', name, elem, len});
            break;
        }
        case 1: { // SliceT: CommonType, Elem
            let name = '', elem = 0;
            readStruct(r, (f) => {
                if (f === 0) name = readCommon(r, MAX_NAME).name;
                else if (f === 1) elem = readTypeId(r);
                else throw badType(`unknown sliceType field ${f}`);
            });
            set({kind: 'slice', name, elem});
            break;
        }
        case 2: { // StructT: CommonType, Field []fieldType{Name, Id}
            let name = '';
            const fields: WireField[] = [];
            readStruct(r, (f) => {
                if (f === 0) {
                    name = readCommon(r, MAX_NAME).name;
                } else if (f === 1) {
                    const count = r.uint();
                    if (count > r.remaining) {
                        throw badType(`field count ${count} exceeds input size`);
                    }
                    if (count > maxFields) {
                        throw new GobError('TOO_LARGE', `type definitions declare more than the limit of struct fields (${count} more, ${maxFields} left)`);
                    }
                    for (let i = 0; i < count; i++) {
                        if (r.pos >= r.end) {
                            // Go's slice decoder: every element takes at least one byte.
                            throw badType(`field count ${count} exceeds input size`);
                        }
                        let fname = '', fid = 0;
                        readStruct(r, (ff) => {
                            if (ff === 0) {
                                const n = r.uint();
                                if (n > MAX_NAME) throw badType(`field name length ${n} too long`);
                                fname = r.string(n);
                            } else if (ff === 1) fid = readTypeId(r);
                            else throw badType(`unknown fieldType field ${ff}`);
                        });
                        fields.push({name: fname, id: fid});
                    }
                } else {
                    throw badType(`unknown structType field ${f}`);
                }
            });
            set({kind: 'struct', name, fields});
            break;
        }
        case 3: { // MapT: CommonType, Key, Elem
            let name = '', key = 0, elem = 0;
            readStruct(r, (f) => {
                if (f === 0) name = readCommon(r, MAX_NAME).name;
                else if (f === 1) key = readTypeId(r);
                else if (f === 2) elem = readTypeId(r);
                else throw badType(`unknown mapType field ${f}`);
            });
            set({kind: 'map', name, key, elem});
            break;
        }
        case 4: case 5: case 6: { // GobEncoderT, BinaryMarshalerT, TextMarshalerT: CommonType
            let name = '';
            readStruct(r, (f) => {
                if (f === 0) name = readCommon(r, MAX_NAME).name;
                else throw badType(`unknown gobEncoderType field ${f}`);
            });
            set({kind: 'gobEncoder', name, flavor: FLAVORS[kindField - 4]});
            break;
        }
        default:
            throw badType(`unknown wireType field ${kindField}`);
        }
    });
    if (!result) {
        throw badType('empty definition');
    }
    return result;
}

function writeCommon(w: ByteWriter, name: string, id: number): void {
    w.uint(1); // field 0 of the enclosing type: CommonType
    if (name !== '') {
        w.uint(1);
        w.string(name);
        w.uint(1);
    } else {
        w.uint(2);
    }
    w.int(id);
    w.uint(0);
}

/** Encodes the definition of type `id` exactly as Go's encoder lays it out (zero fields omitted). */
export function writeWireType(w: ByteWriter, id: number, t: WireType): void {
    w.int(-id);
    switch (t.kind) {
    case 'array':
        w.uint(1);
        writeCommon(w, t.name, id);
        w.uint(1);
        w.int(t.elem);
        if (t.len !== 0) {
            w.uint(1);
            w.int(t.len);
        }
        w.uint(0);
        break;
    case 'slice':
        w.uint(2);
        writeCommon(w, t.name, id);
        w.uint(1);
        w.int(t.elem);
        w.uint(0);
        break;
    case 'struct':
        w.uint(3);
        writeCommon(w, t.name, id);
        if (t.fields.length > 0) {
            w.uint(1);
            w.uint(t.fields.length);
            for (const f of t.fields) {
                w.uint(1);
                w.string(f.name);
                w.uint(1);
                w.int(f.id);
                w.uint(0);
            }
        }
        w.uint(0);
        break;
    case 'map':
        w.uint(4);
        writeCommon(w, t.name, id);
        w.uint(1);
        w.int(t.key);
        w.uint(1);
        w.int(t.elem);
        w.uint(0);
        break;
    case 'gobEncoder':
        w.uint(5 + FLAVORS.indexOf(t.flavor));
        writeCommon(w, t.name, id);
        w.uint(0);
        break;
    }
    w.uint(0); // end of wireType
}

export function describeWireId(id: number, wire: WireType | undefined): string {
    if (isBasicId(id)) {
        return BASIC_TYPE_NAMES[id];
    }
    if (!wire) {
        return `type ${id}`;
    }
    return wire.name !== '' ? `${wire.name} (${wire.kind})` : `${wire.kind} type ${id}`;
}
