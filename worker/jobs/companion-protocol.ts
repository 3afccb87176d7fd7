import { z } from 'zod';

/**
 * The Worker ⇄ companion protocol (design.md, decision 5): what the Worker's
 * transcode handler POSTs to `${COMPANION_URL}/jobs`, and what the companion
 * reports back under `/internal/jobs/:id/*`. Both sides import this file, and
 * both directions are HMAC-signed (worker/crypto/hmac.ts). No secret goes in a body.
 * Every callback quotes the job's `attempt`: the Worker refuses (409) calls from
 * an attempt that no longer holds the lease, and the companion then stops.
 */

export const transcodeRequestSchema = z.object({
  jobId: z.number().int().positive(),
  attempt: z.number().int().positive(),
  type: z.literal('video-transcode'),
  videoUuid: z.string().uuid(),
  input: z.object({ key: z.string().min(1) }),
  /** Where outputs go: `${prefix}/hls/…`, `${prefix}/segments-sha256.json`, … */
  output: z.object({ prefix: z.string().min(1) }),
  generate: z.object({ thumbnail: z.boolean(), preview: z.boolean() }),
  torrent: z.object({
    /** The web seed of rendition `h` is `${webSeedBase}-${h}.mp4` (the Worker serves the concatenation). */
    webSeedBase: z.string().url(),
    announce: z.array(z.string().url()),
  }),
  /** The companion reports at least this often, or the lease lapses and the job is handed out again. */
  heartbeatSeconds: z.number().positive(),
});
export type TranscodeRequest = z.infer<typeof transcodeRequestSchema>;

const attempt = z.number().int().positive();

export const progressReportSchema = z.object({ attempt, progress: z.number().min(0).max(100).optional() });
export type ProgressReport = z.infer<typeof progressReportSchema>;

/** The master playlist and every rendition's first segment are stored: the video can be played. */
export const playableReportSchema = z.object({
  attempt,
  masterKey: z.string().min(1),
  resolutions: z.array(z.number().int().positive()),
});
export type PlayableReport = z.infer<typeof playableReportSchema>;

/** A bound on one rendition's metadata, so a file with huge tags cannot bloat a report or a row. */
export const MAX_FILE_METADATA_BYTES = 64 * 1024;

const jsonObject = z.record(z.unknown());

/**
 * PeerTube's VideoFileMetadata: ffprobe's streams, format and chapters for one rendition's MP4
 * (openapi `VideoFileMetadata`), with `format.filename` the public file name.
 */
export const videoFileMetadataSchema = z
  .object({
    streams: z.array(jsonObject),
    format: jsonObject,
    chapters: z.array(jsonObject),
  })
  .refine((m) => new TextEncoder().encode(JSON.stringify(m)).length <= MAX_FILE_METADATA_BYTES, {
    message: `larger than ${MAX_FILE_METADATA_BYTES} bytes`,
  });
export type VideoFileMetadata = z.infer<typeof videoFileMetadataSchema>;

const segmentSchema = z.object({ key: z.string().min(1), size: z.number().int().nonnegative(), duration: z.number().nonnegative() });

export const renditionReportSchema = z.object({
  resolution: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  fps: z.number(),
  /** bits per second over the whole rendition */
  bitrate: z.number().int().nonnegative(),
  playlistKey: z.string().min(1),
  /** Init segment first (duration 0), then media segments in playback order. */
  segments: z.array(segmentSchema).min(2),
  /** init + media segments: the size of the rendition's MP4. */
  size: z.number().int().positive(),
  infoHash: z.string().regex(/^[0-9a-f]{40}$/),
  torrentKey: z.string().min(1),
  /** Optional: a companion that could not probe the file (or predates this field) leaves it out. */
  metadata: videoFileMetadataSchema.optional(),
});
export type RenditionReport = z.infer<typeof renditionReportSchema>;

export const doneReportSchema = z.object({
  attempt,
  durationSeconds: z.number().nonnegative(),
  aspectRatio: z.number().positive().nullable(),
  masterKey: z.string().min(1),
  segmentsSha256Key: z.string().min(1),
  renditions: z.array(renditionReportSchema).min(1),
  thumbnailKey: z.string().min(1).optional(),
  previewKey: z.string().min(1).optional(),
});
export type DoneReport = z.infer<typeof doneReportSchema>;

export const failedReportSchema = z.object({
  attempt,
  /** Shown to the owner and the admin. */
  error: z.string().min(1).max(4000),
  /** false when retrying cannot help (unreadable input): the job fails at once. */
  retryable: z.boolean(),
});
export type FailedReport = z.infer<typeof failedReportSchema>;

/**
 * An avatar or banner to resize into PeerTube's sizes (ADR 0025): the Worker chose every output's
 * size and key; the companion crops each to its aspect ratio from the centre, scales, and stores it
 * in the format of the input (`image/png`, `image/jpeg` or `image/webp`).
 */
export const actorImageRequestSchema = z.object({
  jobId: z.number().int().positive(),
  attempt: z.number().int().positive(),
  type: z.literal('actor-image-resize'),
  input: z.object({ key: z.string().min(1), mediaType: z.enum(['image/png', 'image/jpeg', 'image/webp']) }),
  outputs: z
    .array(z.object({ key: z.string().min(1), width: z.number().int().positive().max(4096), height: z.number().int().positive().max(4096) }))
    .min(1)
    .max(8),
});
export type ActorImageRequest = z.infer<typeof actorImageRequestSchema>;

/** What POST `${COMPANION_URL}/jobs` takes: a transcode or an actor image resize. */
export const companionRequestSchema = z.discriminatedUnion('type', [transcodeRequestSchema, actorImageRequestSchema]);
export type CompanionRequest = z.infer<typeof companionRequestSchema>;

/** Every output of an actor image request is stored (same keys, same sizes as asked). */
export const resizedReportSchema = z.object({
  attempt,
  outputs: z.array(
    z.object({ key: z.string().min(1), width: z.number().int().positive(), height: z.number().int().positive(), size: z.number().int().positive() }),
  ),
});
export type ResizedReport = z.infer<typeof resizedReportSchema>;

export type CallbackKind = 'progress' | 'playable' | 'done' | 'failed' | 'resized';

/** The companion's answer to POST /jobs when it is at capacity (503 + Retry-After). */
export const COMPANION_BUSY_RETRY_SECONDS = 15;
