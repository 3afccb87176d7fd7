/**
 * The encode step of a transcode: the whole ladder in one ffmpeg (transcoder/media), each
 * segment stored as soon as ffmpeg closes it, each rendition's EVENT playlist grown with
 * it, and a provisional master stored (and `playable` reported) once every rendition has
 * its init and first segment. Then the final playlists, the master with measured bit rates,
 * and segments-sha256.json.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildMasterPlaylist,
  buildMediaPlaylist,
  buildSegmentsSha256,
  codecsOfInit,
  playlistFileOf,
  transcodeLadder,
  type MediaFacts,
  type Rung,
  type SegmentEvent,
} from './media';
import type { TranscodeJob } from './transcode-job';
import { contentType } from './transcode-storage';

/** Progress band of the encode: download 0–5, encode 5–90, finishing 90–100. */
const ENCODE_BAND = [5, 90] as const;

export type StoredLadder = Awaited<ReturnType<typeof encodeAndStore>>;

type Stored = Map<string, { rung: Rung; init?: Buffer; firstSegment: boolean }>;

/** The provisional master: the final one, written after ffmpeg, carries measured bit rates. */
function provisionalMaster(stored: Stored): string {
  return buildMasterPlaylist(
    [...stored.values()].map(({ rung, init }) => ({
      playlistFile: playlistFileOf(rung.name),
      width: rung.width,
      height: rung.height,
      fps: rung.fps,
      peakBitrate: rung.maxrate + rung.audioBitrate,
      bitrate: rung.maxrate + rung.audioBitrate,
      codecs: codecsOfInit(init!),
    })),
  );
}

export async function encodeAndStore(job: TranscodeJob, input: string, probe: MediaFacts, rungs: Rung[], copyTop: boolean) {
  const { storage, progress, hlsPrefix, log } = job;
  const signal = progress.jobSignal;
  const masterKey = `${hlsPrefix}/master.m3u8`;
  const playable = { attempt: job.attempt, masterKey, resolutions: rungs.map((r) => r.resolution) };
  const stored: Stored = new Map(rungs.map((r) => [r.name, { rung: r, firstSegment: false }]));
  let playableSent = false;

  const onSegment = async (event: SegmentEvent) => {
    progress.moved();
    const data = await readFile(event.path);
    await storage.put(`${hlsPrefix}/${event.file}`, data, contentType(event.file), signal);
    const entry = stored.get(event.rendition)!;
    if (event.kind === 'init') {
      entry.init = data;
      return;
    }
    if (event.playlist) await storage.put(`${hlsPrefix}/${playlistFileOf(event.rendition)}`, event.playlist, contentType('.m3u8'), signal);
    if (!entry.firstSegment) log(`${event.rendition} first segment stored`);
    entry.firstSegment = true;
    if (!playableSent && [...stored.values()].every((s) => s.firstSegment && s.init)) {
      playableSent = true;
      await storage.put(masterKey, provisionalMaster(stored), contentType('.m3u8'), signal);
      await storage.report('playable', playable, signal);
      log('playable');
    }
  };

  const outDir = join(job.workDir, 'hls');
  const ladder = await transcodeLadder({
    bins: job.bins,
    input,
    outDir,
    probe,
    rungs,
    copyTop,
    signal,
    onProgress: (fraction) => {
      progress.moved();
      progress.set(ENCODE_BAND[0] + fraction * (ENCODE_BAND[1] - ENCODE_BAND[0]));
    },
    onSegment,
    onStart: ({ pid }) => {
      log(`ffmpeg ${pid} started`);
      job.onEvent?.({ type: 'ffmpeg-started', pid });
    },
  });
  job.onEvent?.({ type: 'ffmpeg-done' });

  // Final playlists: the same segments, now with #EXT-X-ENDLIST.
  for (const r of ladder.renditions) {
    const playlist = buildMediaPlaylist({
      initFile: r.initFile,
      segments: r.segments.map((s) => ({ file: s.file, durationSeconds: s.durationSeconds })),
      ended: true,
    });
    await storage.put(`${hlsPrefix}/${r.playlistFile}`, playlist, contentType('.m3u8'), signal);
  }
  await storage.put(masterKey, await readFile(join(outDir, ladder.masterPlaylistFile)), contentType('.m3u8'), signal);
  if (!playableSent) await storage.report('playable', playable, signal);

  const segmentsSha256Key = `${hlsPrefix}/segments-sha256.json`;
  await storage.put(segmentsSha256Key, JSON.stringify(await buildSegmentsSha256(outDir, ladder.renditions)), contentType('.json'), signal);
  return { ladder, outDir, masterKey, segmentsSha256Key };
}
