/** solc reports UTF-8 byte offsets; editors and the engine use UTF-16 offsets. */

/** UTF-16 offset in `text` of the UTF-8 byte offset `byteOffset` (clamped to the text). */
export function utf16OffsetOfByte(text: string, byteOffset: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    if (bytes >= byteOffset) return i;
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      // A surrogate pair is one 4-byte code point spanning two UTF-16 units.
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return text.length;
}
