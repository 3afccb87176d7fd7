import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { ApiError } from '../errors';
import { boundaryOf } from '../media/multipart-form';
import { drainStream } from '../media/drain';
import type { UploadDeps } from '../services/uploads/deps';
import { uploadLegacy } from '../services/uploads/legacy';
import { cancelResumableUpload, initResumableUpload, putResumableChunk, rangeHeader } from '../services/uploads/resumable';

const RESUMABLE_PATH = '/api/v1/videos/upload-resumable';

/** Refused uploads still read the body (bounded), so clients get the answer rather than a reset. */
async function drainingOnError<T>(body: ReadableStream<Uint8Array> | null, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    await drainStream(body, 512 * 1024 * 1024);
    throw err;
  }
}

/** POST /videos/upload (legacy multipart) and /videos/upload-resumable (POST init, PUT chunks, DELETE). */
export function videoUploadRoutes() {
  const app = new Hono<AppEnv>();
  const deps = (c: { var: AppEnv['Variables']; env: AppEnv['Bindings'] }): UploadDeps => ({
    db: c.var.db,
    config: c.var.config,
    bucket: c.env.MEDIA,
    queue: c.env.JOBS,
  });

  /** peertube-cli needs exactly 200 and `{video:{id, uuid, shortUUID}}`. */
  app.post('/upload', requireUser(), async (c) => {
    const boundary = boundaryOf(c.req.header('content-type'));
    if (!boundary || !c.req.raw.body) {
      await drainStream(c.req.raw.body, 512 * 1024 * 1024);
      throw ApiError.badRequest('Expected a multipart/form-data body.');
    }
    const length = Number(c.req.header('content-length')) || undefined;
    const body = c.req.raw.body;
    const video = await drainingOnError(null, () => uploadLegacy(deps(c), c.var.viewer, body, boundary, length));
    return c.json({ video }, 200);
  });

  app.post('/upload-resumable', requireUser(), async (c) => {
    const body = await c.req.json().catch(() => {
      throw ApiError.badRequest('Malformed JSON body.');
    });
    const { id, created } = await initResumableUpload(deps(c), c.var.viewer, body, {
      size: c.req.header('x-upload-content-length'),
      type: c.req.header('x-upload-content-type'),
    });
    c.header('Location', `${RESUMABLE_PATH}?upload_id=${id}`);
    return c.body(null, created ? 201 : 200);
  });

  app.put('/upload-resumable', requireUser(), async (c) => {
    const id = c.req.query('upload_id');
    const body = c.req.raw.body;
    if (!id) throw ApiError.notFound('Upload not found.');
    const result = await drainingOnError(body, () => putResumableChunk(deps(c), c.var.viewer, id, c.req.header('content-range'), body));
    if (result.done) return c.json({ video: result.video }, 200);
    // 308 "Resume Incomplete", the protocol PeerTube's uploader speaks.
    return new Response(null, { status: 308, headers: { ...rangeHeader(result.received), 'Content-Length': '0' } });
  });

  app.delete('/upload-resumable', requireUser(), async (c) => {
    const id = c.req.query('upload_id');
    if (!id) throw ApiError.notFound('Upload not found.');
    await cancelResumableUpload(deps(c), c.var.viewer, id);
    return c.body(null, 204);
  });

  return app;
}
