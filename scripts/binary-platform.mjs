// Which OS and CPU a native binary is for, read from its header: ELF (Linux), Mach-O thin or fat
// (macOS), PE (Windows). Used by scripts/verify-package.mjs on every file a .vsix carries, so a
// binary for another platform cannot slip into a package whatever its name or extension.
import { closeSync, openSync, readSync } from 'node:fs';
import { targetParts } from './platforms.mjs';

const ELF_MACHINE = { 0x03: 'ia32', 0x28: 'arm', 0x3e: 'x64', 0xb7: 'arm64', 0xf3: 'riscv64' };
const MACHO_CPU = { 0x7: 'ia32', 0x01000007: 'x64', 0xc: 'arm', 0x0100000c: 'arm64' };
const PE_MACHINE = { 0x14c: 'ia32', 0x8664: 'x64', 0xaa64: 'arm64', 0x1c4: 'arm' };

/** How many bytes of a file binaryPlatform needs to see (the PE header can sit a little way in). */
export const HEADER_BYTES = 4096;

/**
 * `{format, os, archs, libc?}` for a native binary's first bytes, or undefined when they are not
 * one. `libc` ('glibc' | 'musl') only for ELF, and only when the bytes seen name it.
 */
export function binaryPlatform(bytes, wholeFile = bytes) {
  if (bytes.length < 8) return undefined;
  const be = (o) => bytes.readUInt32BE(o);
  // ELF: \x7fELF, EI_DATA at 5 (1 little, 2 big endian), e_machine at 18.
  if (be(0) === 0x7f454c46 && bytes.length >= 20) {
    const machine = bytes[5] === 2 ? bytes.readUInt16BE(18) : bytes.readUInt16LE(18);
    return {
      format: 'elf',
      os: 'linux',
      archs: [ELF_MACHINE[machine] ?? `elf-machine-${machine}`],
      libc: elfLibc(wholeFile),
    };
  }
  // Mach-O thin, 32 or 64 bit, either byte order: cputype right after the magic.
  const magic = be(0);
  if (magic === 0xfeedface || magic === 0xfeedfacf) return macho([bytes.readUInt32BE(4)]);
  if (magic === 0xcefaedfe || magic === 0xcffaedfe) return macho([bytes.readUInt32LE(4)]);
  // Mach-O fat (universal): big-endian header, nfat_arch entries of 20 (fat) or 32 (fat64) bytes.
  // Java class files share 0xcafebabe; their "count" (the class version) is far above any arch count.
  if (magic === 0xcafebabe || magic === 0xcafebabf) {
    const count = be(4);
    if (count === 0 || count > 16) return undefined;
    const size = magic === 0xcafebabe ? 20 : 32;
    const cpus = [];
    for (let i = 0; i < count && 8 + i * size + 4 <= bytes.length; i++) cpus.push(be(8 + i * size));
    return macho(cpus, true);
  }
  // PE: "MZ", e_lfanew at 0x3c pointing at "PE\0\0", then the COFF machine.
  if (bytes[0] === 0x4d && bytes[1] === 0x5a && bytes.length >= 0x40) {
    const pe = bytes.readUInt32LE(0x3c);
    if (pe + 6 > bytes.length || bytes.readUInt32BE(pe) !== 0x50450000) return undefined;
    const machine = bytes.readUInt16LE(pe + 4);
    return { format: 'pe', os: 'win32', archs: [PE_MACHINE[machine] ?? `pe-machine-${machine}`] };
  }
  return undefined;
}

function macho(cpus, fat = false) {
  return {
    format: fat ? 'macho-fat' : 'macho',
    os: 'darwin',
    archs: cpus.map((c) => MACHO_CPU[c] ?? `macho-cpu-${c}`),
  };
}

/**
 * Which libc an ELF file links, from its DT_NEEDED entries (section headers → the SHT_DYNAMIC section → its
 * string table): glibc's is `libc.so.6`; musl's `libc.musl-<arch>.so.1`, or bare `libc.so` as Alpine links it.
 * Undefined for a static binary (esbuild's) or when the file is cut short.
 */
export function elfLibc(bytes) {
  const needed = elfNeeded(bytes);
  if (needed.some((n) => n.startsWith('libc.musl-') || n === 'libc.so' || n.startsWith('ld-musl-')))
    return 'musl';
  if (needed.includes('libc.so.6')) return 'glibc';
  return undefined;
}

function elfNeeded(b) {
  try {
    const is64 = b[4] === 2;
    const le = b[5] !== 2;
    const u16 = (o) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const u32 = (o) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const word = (o) => (is64 ? Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(o));
    const shoff = word(is64 ? 0x28 : 0x20);
    const shentsize = u16(is64 ? 0x3a : 0x2e);
    const shnum = u16(is64 ? 0x3c : 0x30);
    const section = (i) => {
      const o = shoff + i * shentsize;
      return {
        type: u32(o + 4),
        offset: word(o + (is64 ? 0x18 : 0x10)),
        size: word(o + (is64 ? 0x20 : 0x14)),
        link: u32(o + (is64 ? 0x28 : 0x18)),
      };
    };
    const out = [];
    for (let i = 0; i < shnum; i++) {
      const dyn = section(i);
      if (dyn.type !== 6) continue; // SHT_DYNAMIC
      const strtab = section(dyn.link);
      const entry = is64 ? 16 : 8;
      for (let o = dyn.offset; o + entry <= dyn.offset + dyn.size; o += entry) {
        const tag = word(o);
        if (tag === 0) break; // DT_NULL
        if (tag !== 1) continue; // DT_NEEDED
        const at = strtab.offset + word(o + (is64 ? 8 : 4));
        out.push(b.toString('latin1', at, b.indexOf(0, at)));
      }
    }
    return out;
  } catch {
    return [];
  }
}

/** Reads the header of `file` (the whole file for ELF, to see which libc it links). */
export function fileBinaryPlatform(file, readWhole) {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(HEADER_BYTES);
    const n = readSync(fd, head, 0, HEADER_BYTES, 0);
    const bytes = head.subarray(0, n);
    if (!(n >= 4 && bytes.readUInt32BE(0) === 0x7f454c46)) return binaryPlatform(bytes);
    return binaryPlatform(bytes, readWhole());
  } finally {
    closeSync(fd);
  }
}

/** Why `info` (from binaryPlatform) cannot run on `target`, or undefined when it can. */
export function binaryMismatch(info, target) {
  const { platform, arch, libc } = targetParts(target);
  const what = `${info.format} ${info.os}/${info.archs.join('+')}${info.libc ? ` (${info.libc})` : ''}`;
  if (info.os !== platform) return `${what} is not for ${target}`;
  if (!info.archs.includes(arch)) return `${what} has no ${arch} code`;
  if (libc && info.libc && info.libc !== libc) return `${what} links ${info.libc}, ${target} has ${libc}`;
  return undefined;
}
