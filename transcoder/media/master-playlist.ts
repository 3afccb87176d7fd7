/**
 * The HLS master playlist, written by us rather than by ffmpeg: ffmpeg 5.1
 * leaves out CODECS for a stream-copied rendition, and some players (Safari,
 * hls.js codec switching) want it. The codec strings come from the init segments.
 *
 * Layout follows PeerTube's updateMasterHLSPlaylist (server/core/lib/hls.ts):
 * renditions by ascending resolution, BANDWIDTH, RESOLUTION, FRAME-RATE, CODECS.
 */

/** RFC 6381 string of the first AVC track in an init segment, e.g. "avc1.64001f". */
export function avcCodecString(init: Uint8Array): string | null {
  const at = Buffer.from(init.buffer, init.byteOffset, init.byteLength).indexOf('avcC');
  // avcC payload: configurationVersion, AVCProfileIndication, profile_compatibility, AVCLevelIndication
  if (at < 0 || at + 8 > init.length) return null;
  const hex = (b: number) => b.toString(16).padStart(2, '0');
  return `avc1.${hex(init[at + 5])}${hex(init[at + 6])}${hex(init[at + 7])}`;
}

/** Reads an MPEG-4 descriptor length (1–4 bytes, 7 bits each). */
function descriptorLength(buf: Uint8Array, offset: number): [length: number, next: number] {
  let length = 0;
  for (let i = 0; i < 4 && offset < buf.length; i++) {
    const b = buf[offset++];
    length = (length << 7) | (b & 0x7f);
    if (!(b & 0x80)) break;
  }
  return [length, offset];
}

/** RFC 6381 string of the first AAC track, e.g. "mp4a.40.2" (LC) or "mp4a.40.5" (HE). */
export function aacCodecString(init: Uint8Array): string | null {
  const at = Buffer.from(init.buffer, init.byteOffset, init.byteLength).indexOf('esds');
  if (at < 0) return null;
  let p = at + 4 + 4; // box type, version + flags
  if (init[p++] !== 0x03) return null; // ES_Descriptor
  [, p] = descriptorLength(init, p);
  const flags = init[p + 2];
  p += 3; // ES_ID, flags
  if (flags & 0x80) p += 2; // dependsOn_ES_ID
  if (flags & 0x40) p += 1 + init[p]; // URL
  if (flags & 0x20) p += 2; // OCR_ES_Id
  if (init[p++] !== 0x04) return null; // DecoderConfigDescriptor
  [, p] = descriptorLength(init, p);
  const objectType = init[p];
  p += 13;
  if (objectType !== 0x40) return `mp4a.${objectType.toString(16)}`;
  if (init[p++] !== 0x05) return 'mp4a.40.2'; // no AudioSpecificConfig: assume LC
  [, p] = descriptorLength(init, p);
  let aot = init[p] >> 3;
  if (aot === 31) aot = 32 + (((init[p] & 0x07) << 3) | (init[p + 1] >> 5));
  return `mp4a.40.${aot}`;
}

export function codecsOfInit(init: Uint8Array): string {
  return [avcCodecString(init), aacCodecString(init)].filter(Boolean).join(',');
}

export interface MasterEntry {
  playlistFile: string;
  width: number;
  height: number;
  fps: number;
  /** peak segment bit rate (HLS BANDWIDTH) */
  peakBitrate: number;
  /** mean bit rate (HLS AVERAGE-BANDWIDTH) */
  bitrate: number;
  codecs: string;
}

export function buildMasterPlaylist(entries: readonly MasterEntry[]): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS', ''];
  const sorted = [...entries].sort((a, b) => Math.min(a.width, a.height) - Math.min(b.width, b.height));
  for (const e of sorted) {
    const attrs = [
      `BANDWIDTH=${Math.ceil(e.peakBitrate)}`,
      `AVERAGE-BANDWIDTH=${Math.ceil(e.bitrate)}`,
      `RESOLUTION=${e.width}x${e.height}`,
      `FRAME-RATE=${e.fps.toFixed(3)}`,
    ];
    if (e.codecs) attrs.push(`CODECS="${e.codecs}"`);
    lines.push(`#EXT-X-STREAM-INF:${attrs.join(',')}`, e.playlistFile);
  }
  return lines.join('\n') + '\n';
}
