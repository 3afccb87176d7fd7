import { ApiError } from '../errors';
import { readUploadedFile } from './uploaded-file';

/**
 * A caption file as PeerTube takes it (server/core/helpers/captions-utils.ts): WebVTT kept as it is,
 * SubRip converted to WebVTT. Anything else is not a subtitle file.
 */

/** PeerTube's CONSTRAINTS_FIELDS.VIDEO_CAPTIONS.CAPTION_FILE.FILE_SIZE.max. */
export const MAX_CAPTION_FILE_SIZE = 20 * 1024 * 1024;

/**
 * The types PeerTube accepts for `captionfile` (MIMETYPES.VIDEO_CAPTIONS, and octet-stream for
 * macOS); an empty type is what a client sends when it does not know.
 */
const CAPTION_MIME_TYPES = ['text/vtt', 'application/x-subrip', 'text/plain', 'application/octet-stream', ''];

export function isCaptionMimeType(type: string) {
  return CAPTION_MIME_TYPES.includes(type.split(';', 1)[0].trim().toLowerCase());
}

/** `HH:MM:SS,mmm` (or `.mmm`, fewer digits, no fraction, one-digit hours) → `HH:MM:SS.mmm`. */
const SRT_TIME = /^(\d{1,3}):(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?$/;

function vttTime(value: string): string | null {
  const m = SRT_TIME.exec(value.trim());
  if (!m) return null;
  const [, h, min, s, ms = '0'] = m;
  if (Number(min) > 59 || Number(s) > 59) return null;
  return `${h.padStart(2, '0')}:${min.padStart(2, '0')}:${s.padStart(2, '0')}.${ms.padEnd(3, '0')}`;
}

/** `start --> end`, with the SubRip position (`X1:… Y2:…`) dropped: WebVTT has its own settings. */
function vttTiming(line: string): string | null {
  const parts = line.split('-->');
  if (parts.length !== 2) return null;
  const start = vttTime(parts[0]);
  const end = vttTime(parts[1].trim().split(/\s+/, 1)[0] ?? '');
  return start && end ? `${start} --> ${end}` : null;
}

/** SubRip → WebVTT; null when no cue can be read. */
function srtToVtt(text: string): string | null {
  const cues: string[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((l, i) => i > 0 || l.trim() !== '');
    if (lines.length === 0) continue;
    const timingAt = /^\d+$/.test(lines[0].trim()) ? 1 : 0;
    const timing = lines[timingAt] === undefined ? null : vttTiming(lines[timingAt]);
    if (!timing) return null;
    // "-->" would end a cue's text in WebVTT (W3C WebVTT, 4.2.2 "cue payload").
    const payload = lines.slice(timingAt + 1).map((l) => l.replace(/-->/g, '--&gt;'));
    const id = timingAt === 1 ? [lines[0].trim()] : [];
    cues.push([...id, timing, ...payload].join('\n'));
  }
  return cues.length ? `WEBVTT\n\n${cues.join('\n\n')}\n` : null;
}

/**
 * The WebVTT text of an uploaded caption file, or null when it is neither WebVTT nor SubRip
 * (or not UTF-8 text). Line ends become `\n`; a byte order mark is dropped.
 *
 * @example toWebVtt(new TextEncoder().encode('1\n00:00:01,000 --> 00:00:02,500\nHello\n'))
 * // 'WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.500\nHello\n'
 */
export function toWebVtt(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
  if (text.includes('\0')) return null;
  text = text.replace(/\r\n?/g, '\n');
  // W3C WebVTT, 4.1: the file starts with "WEBVTT", then a space, a tab or a line end.
  if (/^WEBVTT(?:[ \t\n]|$)/.test(text)) return text;
  return srtToVtt(text.trim());
}

/** PeerTube's message for a `captionfile` it refuses (middlewares/validators/videos/video-captions.ts). */
const FILE_MESSAGE =
  'This caption file is not supported or too large. ' +
  `Please, make sure it is under ${MAX_CAPTION_FILE_SIZE} bytes ` +
  'and one of the following mimetypes: text/vtt (.vtt), application/x-subrip (.srt), text/plain (.srt)';

const refused = (msg = FILE_MESSAGE) => ApiError.invalidParams({ captionfile: { type: 'field', msg, path: 'captionfile', location: 'body' } });

/**
 * The `captionfile` of a multipart/form-data body, as WebVTT: 400 (`invalid-params`) when it is
 * missing, of another type, larger than PeerTube allows, or neither WebVTT nor SubRip. The file is
 * read up to the limit and no further.
 */
export async function readCaptionUpload(body: ReadableStream<Uint8Array> | null, contentType: string | undefined): Promise<string> {
  const file = await readUploadedFile(body, contentType, 'captionfile', { max: MAX_CAPTION_FILE_SIZE, accepts: isCaptionMimeType });
  if (!file) throw refused();
  const bytes = file.bytes;
  const vtt = toWebVtt(bytes);
  if (vtt === null) throw refused('This caption file is neither WebVTT nor SubRip.');
  return vtt;
}
