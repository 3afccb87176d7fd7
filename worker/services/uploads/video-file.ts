/**
 * What every video upload checks of its file (legacy multipart and resumable alike): its size,
 * its name and type before a byte is stored, and the head of what was stored.
 */
import { ApiError } from '../../errors';
import { looksLikeMediaContainer, SNIFF_BYTES } from '../../media/container-sniff';

/** PeerTube's CONSTRAINTS_FIELDS.VIDEOS.PARTIAL_UPLOAD_SIZE; 10,000 parts of 5 MiB hold it. */
export const MAX_UPLOAD_SIZE = 50 * 1024 * 1024 * 1024;
/** How much of a refused body is still read so the client gets the answer (see media/drain.ts). */
export const DRAIN_LIMIT = 512 * 1024 * 1024;

/** The extensions PeerTube accepts for video uploads when transcoding is enabled. */
const VIDEO_EXTENSIONS = new Set([
  'mp4',
  'ogv',
  'webm',
  'mkv',
  'mov',
  'qt',
  'mqv',
  'm4v',
  'flv',
  'f4v',
  'wmv',
  'avi',
  '3gp',
  '3gpp',
  '3g2',
  '3gpp2',
  'nut',
  'mts',
  'm2ts',
  'mpv',
  'm2v',
  'm1v',
  'mpg',
  'mpe',
  'mpeg',
  'vob',
  'mxf',
  'ts',
]);
/** Types a client sends when it does not know better: the extension decides. */
export const GENERIC_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/x-binary']);

/**
 * Only videos are accepted (415 otherwise): a `video/*` type, or a generic type with a video
 * extension. The companion probes the content later and fails the job on anything unreadable.
 */
export function assertVideoFile(filename: string, contentType: string | undefined) {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const ok = type.startsWith('video/') ? VIDEO_EXTENSIONS.has(ext) || ext === '' : GENERIC_TYPES.has(type) && VIDEO_EXTENSIONS.has(ext);
  if (!ok) throw new ApiError(415, undefined, 'This file is not supported. Please, make sure it is of the following type: video.');
}

/**
 * PeerTube ffprobes an upload and answers 422 "Video file unreadable." when it cannot
 * (server/core/middlewares/validators/videos/videos.ts). The Worker has no ffprobe, so it reads the
 * head of the stored file and refuses anything that opens no media container; the companion's
 * probe then decides on the rest.
 */
export async function assertReadableVideo(bucket: R2Bucket, key: string) {
  const head = await bucket.get(key, { range: { offset: 0, length: SNIFF_BYTES } });
  const bytes = head ? new Uint8Array(await head.arrayBuffer()) : new Uint8Array(0);
  if (!looksLikeMediaContainer(bytes)) throw new ApiError(422, undefined, 'Video file unreadable.');
}
