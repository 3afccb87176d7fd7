/** Thumbnails and previews sent with an upload or an edit (PeerTube's `thumbnailfile`, `previewfile`). */
import { ApiError } from '../../errors';
import { customImageKey } from '../../media/urls';
import { GENERIC_TYPES } from './video-file';

/** PeerTube's CONSTRAINTS_FIELDS.VIDEOS.IMAGE.FILE_SIZE. */
export const MAX_IMAGE_SIZE = 8 * 1024 * 1024;

export function assertImage(field: string, filename: string | undefined, contentType: string | undefined) {
  const ext = /\.([a-z0-9]+)$/i.exec(filename ?? '')?.[1]?.toLowerCase() ?? '';
  const type = (contentType ?? '').toLowerCase();
  if (!['png', 'jpg', 'jpeg', 'webp'].includes(ext) || !(type.startsWith('image/') || GENERIC_TYPES.has(type))) {
    throw ApiError.invalidParams({
      [field]: {
        type: 'field',
        value: filename,
        msg: 'This file is not supported or too large. Please, make sure it is of the following type: .png, .jpg, .jpeg, .webp',
        path: field,
        location: 'body',
      },
    });
  }
}

/** Stores a custom thumbnail or preview sent with PUT /videos/{id}. */
export async function storeVideoImage(bucket: R2Bucket, uuid: string, field: 'thumbnailfile' | 'previewfile', file: File) {
  assertImage(field, file.name, file.type);
  if (file.size > MAX_IMAGE_SIZE) throw ApiError.invalidParams({ [field]: { type: 'field', msg: 'This file is too large.', path: field, location: 'body' } });
  // Its own key, not the one the companion writes: an image set while the video is still being
  // transcoded would otherwise be overwritten by the generated one.
  const key = customImageKey(uuid, field === 'thumbnailfile' ? 'thumbnail' : 'preview');
  await bucket.put(key, await file.arrayBuffer(), { httpMetadata: { contentType: file.type || 'image/jpeg' } });
  return key;
}
