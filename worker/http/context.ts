import type { Env } from '../env';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Viewer } from '../services/viewer';
import type { SessionTokens } from '../services/web-sessions';

/** Typed Hono context shared by every sub-app. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    config: Config;
    db: Db;
    /** The authenticated user, when the request carries a valid access token. */
    viewer?: Viewer;
    /** Set by a handler behind `edgeCache({ whenMarked: true })` when its answer is public. */
    edgeCachePublic?: boolean;
    /** An edge-cache middleware already holds this request. */
    edgeCacheActive?: boolean;
    /** The browser session's tokens, when the viewer came from the session cookie (pages, and the API from pages). */
    session?: SessionTokens;
  };
};
