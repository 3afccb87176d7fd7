import { ApiError } from '../errors';
import { boundaryOf, MultipartError, readFileField } from '../media/multipart-form';

/**
 * The file a client sent in the multipart/form-data field `field` (PeerTube's multer fields of one
 * file): null when the body is not multipart, or has no such file, or `accepts` refuses its type,
 * or it is larger than `max`. A malformed body is a 400.
 */
export async function readUploadedFile(
  body: ReadableStream<Uint8Array> | null,
  contentType: string | undefined,
  field: string,
  options: { max: number; accepts: (contentType: string) => boolean },
): Promise<{ bytes: Uint8Array; contentType: string } | null> {
  const boundary = boundaryOf(contentType);
  if (!body || !boundary) return null;
  try {
    return await readFileField(body, boundary, field, options);
  } catch (err) {
    if (err instanceof MultipartError) throw ApiError.badRequest('Malformed multipart/form-data body.');
    throw err;
  }
}
