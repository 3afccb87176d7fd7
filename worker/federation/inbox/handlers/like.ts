/** Like of a video: one rate per account and video, counted on the video. */
import { recordRate } from './rate-helpers';
import type { ActivityHandler } from './types';

export const handleLike: ActivityHandler = (ctx, activity) => recordRate(ctx, activity, 'like');
