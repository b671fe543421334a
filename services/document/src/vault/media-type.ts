import { fileTypeFromBuffer } from 'file-type';

/** How many leading bytes file-type needs to recognise every format it knows. */
export const SNIFF_BYTES = 4100;

/**
 * The media type of content sniffed from its first bytes (file-type's signatures), never the
 * client's word; content it does not recognise is `text/plain` when it is valid UTF-8 without
 * control characters, else `application/octet-stream`.
 */
export async function sniffMediaType(head: Uint8Array): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  return looksLikeText(head) ? 'text/plain' : 'application/octet-stream';
}

function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  // The sample may end inside a multi-byte character: ignore up to three trailing bytes.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  const body = text.replace(/\uFFFD{1,3}$/, '');
  return !body.includes('\uFFFD') && ![...body].some(isControlCharacter);
}

/** C0 controls and DEL, except tab, line feed and carriage return. */
function isControlCharacter(character: string): boolean {
  const code = character.charCodeAt(0);
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
}
