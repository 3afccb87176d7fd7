/** Dislike of a video (a PeerTube extension of ActivityStreams). */
import { recordRate } from './rate-helpers';
import type { ActivityHandler } from './types';

export const handleDislike: ActivityHandler = (ctx, activity) => recordRate(ctx, activity, 'dislike');
