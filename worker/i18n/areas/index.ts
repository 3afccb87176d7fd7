import { abuseNotifications } from './abuse-notifications';
import { account } from './account';
import { admin } from './admin';
import { browse } from './browse';
import { playerControls } from './player-controls';
import { playerP2P } from './player-p2p';
import { registrations } from './registrations';
import { studio } from './studio';
import { watch } from './watch';
import { actorImages } from './actor-images';
import { chapters } from './chapters';
import { commentReview } from './comment-review';
import { history } from './history';
import { playlists } from './playlists';

/** Every area's catalogue. Add a new area's file here, one import per line. */
export const AREAS = [
  studio,
  watch,
  account,
  playerP2P,
  browse,
  admin,
  playerControls,
  abuseNotifications,
  actorImages,
  registrations,
  chapters,
  commentReview,
  history,
  playlists,
] as const;
