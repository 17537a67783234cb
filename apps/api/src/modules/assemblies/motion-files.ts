import { createHash } from 'node:crypto';

/** Hex sha256 of bytes, as the ledger and the bundle state a document or photo. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** True iff the bytes start as a PDF file does (`%PDF-`); the declared content type is not trusted. */
export function isPdf(bytes: Uint8Array): boolean {
  return bytes.length > 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The image type the bytes are by their signature (JPEG or PNG), or null for anything else. */
export function imageType(bytes: Uint8Array): 'image/jpeg' | 'image/png' | null {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length > PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b))
    return 'image/png';
  return null;
}

/**
 * A file name safe to store, show and offer for download: the last path segment only, letters,
 * digits, space and `._()-` kept (other characters become `_`), no leading dot, at most 120
 * characters, always ending in `.pdf`.
 */
export function safePdfName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/_+/g, '_')
    .replace(/^[ .]+|[ .]+$/g, '');
  const stem = cleaned
    .replace(/\.pdf$/i, '')
    .slice(0, 116)
    .replace(/[ .]+$/, '');
  return `${stem === '' ? 'dokument' : stem}.pdf`;
}

/** `Content-Disposition` for a download: an ASCII fallback name and the UTF-8 name (RFC 6266). */
export function attachmentHeader(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
