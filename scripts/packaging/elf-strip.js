// Removes an ELF64 little-endian executable's non-loaded sections (symbol tables, debug
// info, comments), like `strip --strip-all`, without needing binutils for a foreign
// architecture. Only the section header table changes; every byte the loader maps stays
// where it was, so the program runs exactly as before.
'use strict';

const SHF_ALLOC = 0x2;
const SHF_INFO_LINK = 0x40;
const SHT_NOBITS = 8;
const SHT_REL = 9;
const SHT_RELA = 4;
const EHDR_SIZE = 64;
const SHDR_SIZE = 64;
const PHDR_SIZE = 56;

class ElfError extends Error {}

function checkRange(buf, offset, size, what) {
    if (offset < 0 || size < 0 || offset + size > buf.length) {
        throw new ElfError(`ELF ${what} lies outside the file (offset ${offset}, size ${size}, file ${buf.length})`);
    }
}

function toNumber(big, what) {
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new ElfError(`ELF ${what} is too large`);
    }
    return Number(big);
}

// Reads the header fields this module needs, refusing anything it does not understand.
function readHeader(buf) {
    if (buf.length < EHDR_SIZE || buf.readUInt32BE(0) !== 0x7f454c46) {
        throw new ElfError('not an ELF file');
    }
    if (buf[4] !== 2 || buf[5] !== 1) {
        throw new ElfError('only 64-bit little-endian ELF files are supported');
    }
    const h = {
        machine: buf.readUInt16LE(18),
        phoff: toNumber(buf.readBigUInt64LE(32), 'e_phoff'),
        shoff: toNumber(buf.readBigUInt64LE(40), 'e_shoff'),
        phentsize: buf.readUInt16LE(54),
        phnum: buf.readUInt16LE(56),
        shentsize: buf.readUInt16LE(58),
        shnum: buf.readUInt16LE(60),
        shstrndx: buf.readUInt16LE(62),
    };
    if (h.shnum === 0 || h.shstrndx === 0xffff || h.shstrndx >= h.shnum) {
        throw new ElfError('ELF file has no usable section table (extended numbering is not supported)');
    }
    if (h.shentsize !== SHDR_SIZE || (h.phnum > 0 && h.phentsize !== PHDR_SIZE)) {
        throw new ElfError('unexpected ELF header entry sizes');
    }
    checkRange(buf, h.shoff, h.shnum * SHDR_SIZE, 'section header table');
    checkRange(buf, h.phoff, h.phnum * PHDR_SIZE, 'program header table');
    return h;
}

function readSections(buf, h) {
    const sections = [];
    for (let i = 0; i < h.shnum; i++) {
        const at = h.shoff + i * SHDR_SIZE;
        sections.push({
            raw: buf.subarray(at, at + SHDR_SIZE),
            name: buf.readUInt32LE(at),
            type: buf.readUInt32LE(at + 4),
            flags: toNumber(buf.readBigUInt64LE(at + 8), 'sh_flags'),
            offset: toNumber(buf.readBigUInt64LE(at + 24), 'sh_offset'),
            size: toNumber(buf.readBigUInt64LE(at + 32), 'sh_size'),
            link: buf.readUInt32LE(at + 40),
            info: buf.readUInt32LE(at + 44),
        });
    }
    return sections;
}

function sectionName(buf, strtab, nameOffset) {
    if (nameOffset >= strtab.size) {
        throw new ElfError('section name offset outside the section name table');
    }
    const start = strtab.offset + nameOffset;
    const end = buf.indexOf(0, start);
    if (end < 0 || end >= strtab.offset + strtab.size) {
        throw new ElfError('unterminated section name');
    }
    return buf.toString('latin1', start, end);
}

// The end of the last byte any segment maps: nothing before it may move.
function loadedEnd(buf, h) {
    let end = EHDR_SIZE;
    for (let i = 0; i < h.phnum; i++) {
        const at = h.phoff + i * PHDR_SIZE;
        const offset = toNumber(buf.readBigUInt64LE(at + 8), 'p_offset');
        const filesz = toNumber(buf.readBigUInt64LE(at + 32), 'p_filesz');
        checkRange(buf, offset, filesz, 'segment');
        end = Math.max(end, offset + filesz);
    }
    return Math.max(end, h.phoff + h.phnum * PHDR_SIZE);
}

/**
 * Returns a stripped copy of an ELF64 little-endian executable.
 * @param {Buffer} buf the executable
 * @returns {{output: Buffer, removed: string[]}} the stripped file and the removed section names
 */
function stripElf(buf) {
    const h = readHeader(buf);
    const sections = readSections(buf, h);
    const strtab = sections[h.shstrndx];
    checkRange(buf, strtab.offset, strtab.size, 'section name table');

    const keep = [0];
    const removed = [];
    let end = loadedEnd(buf, h);
    for (let i = 1; i < sections.length; i++) {
        const s = sections[i];
        const name = sectionName(buf, strtab, s.name);
        if (s.flags & SHF_ALLOC) {
            if (s.type !== SHT_NOBITS) {
                checkRange(buf, s.offset, s.size, `section ${name}`);
                end = Math.max(end, s.offset + s.size);
            }
            keep.push(i);
        } else if (i !== h.shstrndx) {
            removed.push(name);
        }
    }

    const newIndex = new Map(keep.map((old, idx) => [old, idx]));
    const names = [Buffer.alloc(1)];
    let namesSize = 1;
    const addName = (name) => {
        const at = namesSize;
        const bytes = Buffer.from(`${name}\0`, 'latin1');
        names.push(bytes);
        namesSize += bytes.length;
        return at;
    };

    const headers = [];
    for (const old of keep) {
        const s = sections[old];
        const hdr = Buffer.from(s.raw);
        if (old !== 0) {
            hdr.writeUInt32LE(addName(sectionName(buf, strtab, s.name)), 0);
            hdr.writeUInt32LE(newIndex.get(s.link) ?? 0, 40);
            if (s.flags & SHF_INFO_LINK || s.type === SHT_REL || s.type === SHT_RELA) {
                hdr.writeUInt32LE(newIndex.get(s.info) ?? 0, 44);
            }
        }
        headers.push(hdr);
    }
    const shstrOffset = end;
    const shstrIndex = headers.length;
    const shstrHdr = Buffer.from(strtab.raw);
    shstrHdr.writeUInt32LE(addName('.shstrtab'), 0);
    shstrHdr.writeBigUInt64LE(BigInt(shstrOffset), 24);
    shstrHdr.writeBigUInt64LE(BigInt(namesSize), 32);
    headers.push(shstrHdr);

    const shoff = Math.ceil((shstrOffset + namesSize) / 8) * 8;
    const output = Buffer.alloc(shoff + headers.length * SHDR_SIZE);
    buf.copy(output, 0, 0, end);
    Buffer.concat(names).copy(output, shstrOffset);
    headers.forEach((hdr, i) => hdr.copy(output, shoff + i * SHDR_SIZE));
    output.writeBigUInt64LE(BigInt(shoff), 40);
    output.writeUInt16LE(headers.length, 60);
    output.writeUInt16LE(shstrIndex, 62);
    return {output, removed};
}

/** @param {Buffer} buf @returns {number} e_machine of an ELF64 little-endian file */
function elfMachine(buf) {
    return readHeader(buf).machine;
}

module.exports = {stripElf, elfMachine, ElfError};
