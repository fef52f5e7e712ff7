import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/make.js";
import { LineIndex } from "./line-index.js";

export interface DecodedText {
  text?: string;
  diagnostics: Diagnostic[];
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Turns file bytes into text, refusing anything but plain UTF-8: a BOM, UTF-16/32, invalid
 * byte sequences and NUL bytes each get CWS001 with the position of the first offending byte,
 * so the author can find it in an editor that hides it.
 */
export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  const fail = (offset: number, message: string, hint: string): DecodedText => {
    const prefix = safePrefix(bytes, offset);
    const { line, column } = new LineIndex(prefix).position(prefix.length);
    return { diagnostics: [diagnostic("CWS001", { file, line, column, pointer: "" }, message, hint)] };
  };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return fail(0, "file starts with a UTF-8 byte-order mark", "save the file as UTF-8 without BOM");
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fail(0, "file is UTF-16 encoded", "save the file as UTF-8 without BOM");
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return fail(nul, "file contains a NUL byte (binary data or UTF-16 text)", "save the file as UTF-8 text");
  }
  try {
    return { text: utf8.decode(bytes), diagnostics: [] };
  } catch {
    return fail(firstInvalidUtf8(bytes), "file is not valid UTF-8", "re-save the file with UTF-8 encoding");
  }
}

// Text before the offset, decoded leniently, so the reported column counts characters.
function safePrefix(bytes: Uint8Array, offset: number): string {
  return new TextDecoder("utf-8").decode(bytes.subarray(0, offset));
}

/** Offset of the first byte that starts an invalid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong and surrogate forms that the simple lead-byte check lets through.
    const c1 = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && c1 < 0xa0) || (b === 0xed && c1 > 0x9f) || (b === 0xf0 && c1 < 0x90) || (b === 0xf4 && c1 > 0x8f)) return i;
    i += need + 1;
  }
  return bytes.length;
}
