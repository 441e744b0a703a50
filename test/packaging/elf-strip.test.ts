// The ELF stripper on a small hand-made executable: loaded bytes untouched, non-loaded
// sections gone, section links renumbered, bad input refused with a clear error.
const {stripElf, elfMachine} = require('../../scripts/packaging/elf-strip');

const SHF_ALLOC = 0x2;
const SHF_INFO_LINK = 0x40;

interface SectionSpec {
    name: string;
    type: number;
    flags: number;
    size: number;
    link?: string;
    info?: string;
}

interface ParsedSection {
    name: string;
    type: number;
    offset: number;
    size: number;
    link: number;
    info: number;
}

// Lays out: header, one program header, the loaded sections (covered by one PT_LOAD), then
// the non-loaded ones, the section name table and the section header table.
function makeElf(specs: SectionSpec[], machine = 62): {file: Buffer; loadedEnd: number} {
    const names = ['', ...specs.map((s) => s.name), '.shstrtab'];
    const nameOffsets: number[] = [];
    let strtab = '';
    for (const n of names) {
        nameOffsets.push(strtab.length);
        strtab += `${n}\0`;
    }
    const parts: Buffer[] = [];
    let offset = 64 + 56;
    const placed = specs.map((s, i) => {
        const data = Buffer.alloc(s.size, 0x11 * (i + 1));
        const at = offset;
        parts.push(data);
        offset += s.size;
        return {spec: s, at};
    });
    const loadedEnd = 64 + 56 + placed.filter((p) => p.spec.flags & SHF_ALLOC).reduce((n, p) => n + p.spec.size, 0);
    const strtabAt = offset;
    parts.push(Buffer.from(strtab, 'latin1'));
    offset += strtab.length;
    const shoff = Math.ceil(offset / 8) * 8;
    parts.push(Buffer.alloc(shoff - offset));
    const index = (name?: string) => (name ? names.indexOf(name) : 0);
    const headers = [Buffer.alloc(64)];
    placed.forEach(({spec, at}, i) => {
        const h = Buffer.alloc(64);
        h.writeUInt32LE(nameOffsets[i + 1], 0);
        h.writeUInt32LE(spec.type, 4);
        h.writeBigUInt64LE(BigInt(spec.flags), 8);
        h.writeBigUInt64LE(BigInt(spec.flags & SHF_ALLOC ? 0x400000 + at : 0), 16);
        h.writeBigUInt64LE(BigInt(at), 24);
        h.writeBigUInt64LE(BigInt(spec.size), 32);
        h.writeUInt32LE(index(spec.link), 40);
        h.writeUInt32LE(index(spec.info), 44);
        headers.push(h);
    });
    const sh = Buffer.alloc(64);
    sh.writeUInt32LE(nameOffsets[names.length - 1], 0);
    sh.writeUInt32LE(3, 4);
    sh.writeBigUInt64LE(BigInt(strtabAt), 24);
    sh.writeBigUInt64LE(BigInt(strtab.length), 32);
    headers.push(sh);

    const ehdr = Buffer.alloc(64);
    ehdr.writeUInt32BE(0x7f454c46, 0);
    ehdr[4] = 2;
    ehdr[5] = 1;
    ehdr[6] = 1;
    ehdr.writeUInt16LE(2, 16);
    ehdr.writeUInt16LE(machine, 18);
    ehdr.writeBigUInt64LE(64n, 32);
    ehdr.writeBigUInt64LE(BigInt(shoff), 40);
    ehdr.writeUInt16LE(64, 52);
    ehdr.writeUInt16LE(56, 54);
    ehdr.writeUInt16LE(1, 56);
    ehdr.writeUInt16LE(64, 58);
    ehdr.writeUInt16LE(headers.length, 60);
    ehdr.writeUInt16LE(headers.length - 1, 62);
    const phdr = Buffer.alloc(56);
    phdr.writeUInt32LE(1, 0);
    phdr.writeBigUInt64LE(0n, 8);
    phdr.writeBigUInt64LE(BigInt(loadedEnd), 32);
    return {file: Buffer.concat([ehdr, phdr, ...parts, ...headers]), loadedEnd};
}

function parseSections(buf: Buffer): ParsedSection[] {
    const shoff = Number(buf.readBigUInt64LE(40));
    const shnum = buf.readUInt16LE(60);
    const shstrndx = buf.readUInt16LE(62);
    const raw = Array.from({length: shnum}, (_, i) => {
        const at = shoff + i * 64;
        return {
            nameOff: buf.readUInt32LE(at),
            type: buf.readUInt32LE(at + 4),
            offset: Number(buf.readBigUInt64LE(at + 24)),
            size: Number(buf.readBigUInt64LE(at + 32)),
            link: buf.readUInt32LE(at + 40),
            info: buf.readUInt32LE(at + 44),
        };
    });
    const names = raw[shstrndx];
    return raw.map((s) => {
        const start = names.offset + s.nameOff;
        return {...s, name: buf.toString('latin1', start, buf.indexOf(0, start))};
    });
}

const layout: SectionSpec[] = [
    {name: '.dynsym', type: 11, flags: SHF_ALLOC, size: 48, link: '.dynstr'},
    {name: '.dynstr', type: 3, flags: SHF_ALLOC, size: 16},
    {name: '.rela.plt', type: 4, flags: SHF_ALLOC | SHF_INFO_LINK, size: 24, link: '.dynsym', info: '.got'},
    {name: '.text', type: 1, flags: SHF_ALLOC | 0x4, size: 64},
    {name: '.got', type: 1, flags: SHF_ALLOC | 0x1, size: 16},
    {name: '.comment', type: 1, flags: 0x30, size: 20},
    {name: '.debug_info', type: 1, flags: 0, size: 300},
    {name: '.symtab', type: 2, flags: 0, size: 96, link: '.strtab'},
    {name: '.strtab', type: 3, flags: 0, size: 50},
];

describe('stripElf', () => {
    it('drops the non-loaded sections and keeps every loaded byte', () => {
        const {file, loadedEnd} = makeElf(layout);
        const {output, removed} = stripElf(file);
        expect(removed).toEqual(['.comment', '.debug_info', '.symtab', '.strtab']);
        expect(output.length).toBeLessThan(file.length - 466);
        // Only e_shoff, e_shnum and e_shstrndx may differ in what the loader maps.
        const before = Buffer.from(file.subarray(0, loadedEnd));
        const after = Buffer.from(output.subarray(0, loadedEnd));
        for (const b of [before, after]) {
            b.fill(0, 40, 48);
            b.fill(0, 60, 64);
        }
        expect(after.equals(before)).toBe(true);
    });

    it('renumbers section links and keeps names', () => {
        const {output} = stripElf(makeElf(layout).file);
        const sections = parseSections(output);
        expect(sections.map((s) => s.name)).toEqual(['', '.dynsym', '.dynstr', '.rela.plt', '.text', '.got', '.shstrtab']);
        const byName = (n: string) => sections.findIndex((s) => s.name === n);
        expect(sections[byName('.dynsym')].link).toBe(byName('.dynstr'));
        expect(sections[byName('.rela.plt')].link).toBe(byName('.dynsym'));
        expect(sections[byName('.rela.plt')].info).toBe(byName('.got'));
        const original = parseSections(makeElf(layout).file);
        for (const name of ['.text', '.got', '.dynsym']) {
            const a = original.find((s) => s.name === name)!;
            const b = sections[byName(name)];
            expect([b.offset, b.size, b.type]).toEqual([a.offset, a.size, a.type]);
        }
    });

    it('is idempotent and reports the machine', () => {
        const once = stripElf(makeElf(layout, 183).file).output;
        const twice = stripElf(once);
        expect(twice.removed).toEqual([]);
        expect(twice.output.equals(once)).toBe(true);
        expect(elfMachine(once)).toBe(183);
    });

    it('refuses what it does not understand, with a clear message', () => {
        expect(() => stripElf(Buffer.from('#!/bin/sh\necho hi\n'))).toThrow(/not an ELF file/);
        const elf32 = makeElf(layout).file;
        elf32[4] = 1;
        expect(() => stripElf(elf32)).toThrow(/64-bit little-endian/);
        const bigEndian = makeElf(layout).file;
        bigEndian[5] = 2;
        expect(() => stripElf(bigEndian)).toThrow(/64-bit little-endian/);
        const truncated = makeElf(layout).file.subarray(0, 400);
        expect(() => stripElf(truncated)).toThrow(/outside the file/);
        const noSections = makeElf(layout).file;
        noSections.writeUInt16LE(0, 60);
        expect(() => stripElf(noSections)).toThrow(/no usable section table/);
        const badName = makeElf(layout).file;
        const shoff = Number(badName.readBigUInt64LE(40));
        badName.writeUInt32LE(0xffffff, shoff + 64);
        expect(() => stripElf(badName)).toThrow(/section name offset/);
    });
});
