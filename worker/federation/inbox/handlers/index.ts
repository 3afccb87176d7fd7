/** The activity types the inbox handles, one file each. Anything else is acknowledged and ignored. */
import { handleAccept, handleReject } from './accept';
import { handleAnnounce } from './announce';
import { handleApproveReply } from './approve-reply';
import { handleCreate } from './create';
import { handleDelete } from './delete';
import { handleDislike } from './dislike';
import { handleFlag } from './flag';
import { handleFollow } from './follow';
import { handleLike } from './like';
import { handleUndo } from './undo';
import { handleUpdate } from './update';
import { handleView } from './view';
import type { ActivityHandler } from './types';

export const ACTIVITY_HANDLERS: Record<string, ActivityHandler> = {
  Follow: handleFollow,
  Create: handleCreate,
  Delete: handleDelete,
  Undo: handleUndo,
  Like: handleLike,
  Dislike: handleDislike,
  Accept: handleAccept,
  Reject: handleReject,
  Update: handleUpdate,
  View: handleView,
  Announce: handleAnnounce,
  Flag: handleFlag,
  ApproveReply: handleApproveReply,
};

export type { ActivityHandler, HandlerResult, InboxContext } from './types';
