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

/** musl-linked ELF files name musl's loader or libc; glibc ones carry GLIBC_ symbol versions. */
function elfLibc(bytes) {
  const text = bytes.toString('latin1');
  if (text.includes('ld-musl-') || text.includes('libc.musl-')) return 'musl';
  if (text.includes('GLIBC_')) return 'glibc';
  return undefined;
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
