/**
 * ffmpeg arguments for the whole HLS ladder in one process: the source is
 * decoded once, `split` feeds one scaler + x264 encoder per rendition, and the
 * HLS muxer writes every variant (`-var_stream_map`).
 *
 * File layout, relative to the output directory (ffmpeg runs with it as cwd):
 *   ffmpeg writes <name>-init.mp4 and one part per GOP, <name>-part-00000.m4s, …,
 *   listed in <name>-parts.m3u8; segment-groups.ts joins the parts into the
 *   published segments <name>-00000.m4s, … and we write <name>.m3u8 and master.m3u8.
 * Segment names carry the rendition name because PeerTube's player looks
 * segments up in segments-sha256.json by file name alone (see segments-sha256.ts),
 * and ffmpeg 5.1 accepts `%v` only once per path, so `<name>/seg-%05d.m4s`
 * would give every rendition the same segment names.
 */
import { GOP_SECONDS, type Rung } from './ladder';
import type { MediaFacts } from './probe';

/** Published segments end on multiples of this (the first and the last may be shorter). */
export const HLS_SEGMENT_SECONDS = 4;
/**
 * An extra keyframe at 1 s, so the first segment of every rendition closes after
 * 1 s of picture (plus x264's 35-frame delay) instead of a whole GOP: keyframes
 * at 0, 1, 2, 4, 6, … (see segment-groups.ts and docs/adr/0012).
 */
export const FIRST_SEGMENT_SECONDS = 1;
export const MASTER_PLAYLIST_FILE = 'master.m3u8';

export const playlistFileOf = (name: string) => `${name}.m3u8`;
export const initFileOf = (name: string) => `${name}-init.mp4`;
export const segmentFileOf = (name: string, index: number) => `${name}-${String(index).padStart(5, '0')}.m4s`;
/** ffmpeg's own playlist of one-GOP parts */
export const partsPlaylistFileOf = (name: string) => `${name}-parts.m3u8`;

export interface LadderArgsInput {
  /** absolute path or URL of the source */
  input: string;
  probe: MediaFacts;
  /** highest first, as buildLadder returns them */
  rungs: readonly Rung[];
  /** stream-copy the rung at the source's own resolution (see canQuickTranscode) */
  copyTop: boolean;
  /** x264 preset (PeerTube: veryfast) */
  preset?: string;
}

export interface PlannedRendition {
  rung: Rung;
  copied: boolean;
  /** the published playlist (ours) */
  playlistFile: string;
  /** ffmpeg's playlist of parts */
  partsPlaylistFile: string;
}

/** Rung names go into file names and `-var_stream_map`: keep them to safe characters. */
function assertSafeName(name: string) {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`invalid rendition name "${name}"`);
}

export function buildLadderArgs(options: LadderArgsInput): { args: string[]; renditions: PlannedRendition[] } {
  const { input, probe, rungs, copyTop, preset = 'veryfast' } = options;
  if (rungs.length === 0) throw new Error('empty ladder');
  const renditions = rungs.map((rung, i) => {
    assertSafeName(rung.name);
    // Only the top rung can be the source's own size; a copy of anything else would be the wrong size.
    const copied = copyTop && i === 0 && rung.isSourceResolution && rung.width === probe.width && rung.height === probe.height;
    return { rung, copied, playlistFile: playlistFileOf(rung.name), partsPlaylistFile: partsPlaylistFileOf(rung.name) };
  });

  const encoded = renditions.map((r, i) => ({ ...r, i })).filter((r) => !r.copied);
  const graph: string[] = [];
  if (encoded.length > 0) {
    const labels = encoded.map((r) => `[s${r.i}]`);
    graph.push(encoded.length > 1 ? `[0:v:0]split=${encoded.length}${labels.join('')}` : `[0:v:0]null${labels[0]}`);
    for (const { rung, i } of encoded) {
      const chain = [`scale=${rung.width}:${rung.height}`, 'setsar=1'];
      if (rung.fps !== Math.round(probe.fps)) chain.push(`fps=${rung.fps}`);
      chain.push('format=yuv420p');
      graph.push(`[s${i}]${chain.join(',')}[v${i}]`);
    }
  }

  const args = ['-i', input];
  if (graph.length) args.push('-filter_complex', graph.join(';'));
  renditions.forEach((r, i) => {
    args.push('-map', r.copied ? '0:v:0' : `[v${i}]`);
    if (probe.hasAudio) args.push('-map', '0:a:0');
  });

  renditions.forEach(({ rung, copied }, i) => {
    if (copied) {
      args.push(`-c:v:${i}`, 'copy');
      if (probe.hasAudio) args.push(`-c:a:${i}`, 'copy');
      return;
    }
    // PeerTube's VOD profile: CRF (x264 default) capped by VBV at the target bit rate, 2 s GOPs.
    args.push(
      `-c:v:${i}`,
      'libx264',
      `-preset:v:${i}`,
      preset,
      `-maxrate:v:${i}`,
      String(rung.maxrate),
      `-bufsize:v:${i}`,
      String(rung.bufsize),
      `-g:v:${i}`,
      String(rung.gopFrames),
      `-keyint_min:v:${i}`,
      String(rung.gopFrames),
      `-sc_threshold:v:${i}`,
      '0',
      // Keyframes on the clock too, so segments stay aligned with variable frame rate sources:
      // 0, FIRST_SEGMENT_SECONDS, then every GOP_SECONDS.
      `-force_key_frames:v:${i}`,
      `expr:gte(t,if(eq(n_forced,1),${FIRST_SEGMENT_SECONDS},(n_forced-1)*${GOP_SECONDS}))`,
      // PeerTube: b-strategy 1 with 16 B-frames (Chocobozzz/PeerTube#774)
      `-b_strategy:v:${i}`,
      '1',
      `-bf:v:${i}`,
      '16',
    );
    if (probe.hasAudio) {
      // Stereo, as PeerTube forces: other layouts break HLS playback in Chrome.
      args.push(`-c:a:${i}`, 'aac', `-b:a:${i}`, String(rung.audioBitrate), `-ac:a:${i}`, '2');
    }
  });

  const streamMap = renditions.map(({ rung }, i) => (probe.hasAudio ? `v:${i},a:${i},name:${rung.name}` : `v:${i},name:${rung.name}`)).join(' ');
  args.push(
    '-max_muxing_queue_size',
    '1024',
    '-f',
    'hls',
    // A part at every keyframe from 1 s on: 0–1, 1–2, 2–4, 4–6, … (joined in segment-groups.ts).
    '-hls_time',
    String(FIRST_SEGMENT_SECONDS),
    '-hls_segment_type',
    'fmp4',
    '-hls_playlist_type',
    'event',
    '-hls_flags',
    'independent_segments+temp_file',
    '-hls_fmp4_init_filename',
    '%v-init.mp4',
    '-hls_segment_filename',
    '%v-part-%05d.m4s',
    '-var_stream_map',
    streamMap,
    '%v-parts.m3u8',
  );
  return { args, renditions };
}
