/**
 * The routes whose errors carry PeerTube's `docs` link: those where PeerTube 6.3 puts
 * `openapiOperationDoc({ operationId })` (server/core/middlewares/doc.ts) in the route's chain,
 * always before any check, so every error of the route has it. Other routes send no `docs`.
 * Found with `git grep openapiOperationDoc server/core/controllers` (plugins left out: no such routes here).
 */
const OPERATIONS: [method: string, path: RegExp, operationId: string][] = [
  ['GET', /^\/abuses$/, 'getAbuses'],
  ['GET', /^\/config$/, 'getConfig'],
  ['GET', /^\/config\/about$/, 'getAbout'],
  ['GET', /^\/config\/custom$/, 'getCustomConfig'],
  ['PUT', /^\/config\/custom$/, 'putCustomConfig'],
  ['DELETE', /^\/config\/custom$/, 'delCustomConfig'],
  ['GET', /^\/jobs(\/[^/]+)?$/, 'getJobs'],
  ['GET', /^\/oauth-clients\/local$/, 'getOAuthClient'],
  ['GET', /^\/search\/video-channels$/, 'searchChannels'],
  ['GET', /^\/search\/video-playlists$/, 'searchPlaylists'],
  ['GET', /^\/search\/videos$/, 'searchVideos'],
  ['POST', /^\/users\/token$/, 'getOAuthToken'],
  ['POST', /^\/users\/revoke-token$/, 'revokeOAuthToken'],
  ['GET', /^\/videos\/blacklist$/, 'getVideoBlocks'],
  ['POST', /^\/videos\/[^/]+\/blacklist$/, 'addVideoBlock'],
  ['DELETE', /^\/videos\/[^/]+\/blacklist$/, 'delVideoBlock'],
  ['GET', /^\/videos\/categories$/, 'getCategories'],
  ['GET', /^\/videos\/licences$/, 'getLicences'],
  ['GET', /^\/videos\/languages$/, 'getLanguages'],
  ['GET', /^\/videos\/privacies$/, 'getPrivacies'],
  ['GET', /^\/videos$/, 'getVideos'],
  ['POST', /^\/videos\/upload$/, 'uploadLegacy'],
  ['POST', /^\/videos\/upload-resumable$/, 'uploadResumableInit'],
  ['PUT', /^\/videos\/upload-resumable$/, 'uploadResumable'],
  ['GET', /^\/videos\/[^/]+\/description$/, 'getVideoDesc'],
  ['GET', /^\/videos\/[^/]+\/source$/, 'getVideoSource'],
  ['DELETE', /^\/videos\/[^/]+\/source\/file$/, 'deleteVideoSourceFile'],
  ['*', /^\/videos\/[^/]+\/(views|watching)$/, 'addView'],
  ['GET', /^\/videos\/[^/]+$/, 'getVideo'],
  ['PUT', /^\/videos\/[^/]+$/, 'putVideo'],
  ['DELETE', /^\/videos\/[^/]+$/, 'delVideo'],
];

const API = '/api/v1';

/** The `docs` URL PeerTube sends with an error of this request, if any. */
export function operationDocUrl(method: string, pathname: string): string | undefined {
  if (!pathname.startsWith(`${API}/`)) return undefined;
  const path = pathname.slice(API.length).replace(/\/+$/, '');
  // Express matched the fixed segments before `/:id` (GET /videos/categories is not getVideo).
  const found = OPERATIONS.find(([m, re]) => (m === '*' || m === method) && re.test(path));
  return found && `https://docs.joinpeertube.org/api-rest-reference.html#operation/${found[2]}`;
}
