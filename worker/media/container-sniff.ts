/**
 * Recognises a media container from the first bytes of a file, as a cheap stand-in for PeerTube's
 * ffprobe at upload (server/core/middlewares/validators/videos/videos.ts: an unreadable file is
 * refused with 422 "Video file unreadable."). The companion still probes the whole file; this only
 * keeps text, HTML and other non-media out of the bucket at the door.
 */
export const SNIFF_BYTES = 512;

const ascii = (b: Uint8Array, at: number, s: string) => s.split('').every((ch, i) => b[at + i] === ch.charCodeAt(0));
const bytesAt = (b: Uint8Array, at: number, want: number[]) => want.every((x, i) => b[at + i] === x);

/** ISO base media boxes a file may open with (MP4, MOV, 3GP, M4V, F4V). */
const ISO_BOXES = ['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot'];

const SIGNATURES: Array<(b: Uint8Array) => boolean> = [
  (b) => ISO_BOXES.some((box) => ascii(b, 4, box)),
  (b) => bytesAt(b, 0, [0x1a, 0x45, 0xdf, 0xa3]), // EBML: Matroska, WebM
  (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'AVI '),
  (b) => ascii(b, 0, 'FLV'),
  (b) => ascii(b, 0, 'OggS'),
  (b) => bytesAt(b, 0, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11]), // ASF: WMV
  (b) => bytesAt(b, 0, [0x00, 0x00, 0x01, 0xba]) || bytesAt(b, 0, [0x00, 0x00, 0x01, 0xb3]), // MPEG-PS, MPEG video (VOB, MPG, M2V)
  (b) => b[0] === 0x47 && b[188] === 0x47, // MPEG-TS: a sync byte every 188 bytes
  (b) => b[4] === 0x47 && b[196] === 0x47, // M2TS: 192-byte packets with a 4-byte timestamp
  (b) => bytesAt(b, 0, [0x06, 0x0e, 0x2b, 0x34]), // MXF
  (b) => ascii(b, 0, 'nut/multimedia container'),
];

/** True when `head` (the first {@link SNIFF_BYTES} bytes, or the whole file if shorter) opens a media container. */
export function looksLikeMediaContainer(head: Uint8Array): boolean {
  return SIGNATURES.some((matches) => matches(head));
}
