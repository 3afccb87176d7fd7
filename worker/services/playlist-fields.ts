/** A playlist's fields as PeerTube validates them (middlewares/validators/videos/video-playlists.ts): the API's and the pages' one schema. */
import { z } from 'zod';
import { PLAYLIST_PRIVACY_LABELS } from '../serializers/playlist';

/** PeerTube validates integers with validator.isInt(value + ''): form fields arrive as strings. */
export const intLike = z.preprocess((v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v), z.number().int());
const nullableInt = z.preprocess((v) => (v === '' || v === 'null' ? null : v), intLike.nullable());
const privacy = intLike.refine((p) => p in PLAYLIST_PRIVACY_LABELS, 'Should have a valid privacy');
const description = z.preprocess((v) => (v === '' ? null : v), z.string().min(3).max(1000).nullable());
// PeerTube's CONSTRAINTS_FIELDS.VIDEO_PLAYLISTS.NAME.
const displayName = z.string({ message: 'Should have a valid display name' }).min(1).max(120);
export const playlistCreateSchema = z.object({
  displayName,
  description: description.optional(),
  privacy: privacy.optional(),
  videoChannelId: nullableInt.optional(),
});
export const playlistUpdateSchema = playlistCreateSchema.partial();
