import { z } from 'zod';
import { channelNameField, displayNameField } from './registration';
import { boolLike } from './user-fields';

// Field rules from PeerTube's CONSTRAINTS_FIELDS.VIDEO_CHANNELS, shared by the API
// (api/video-channels.ts) and the my-channels pages.
const description = z.string().min(3).max(1000).nullable();
const support = z.string().min(3).max(1000).nullable();

/** POST /video-channels (PeerTube's VideoChannelCreate). */
export const createChannelSchema = z.object({
  name: channelNameField,
  displayName: displayNameField,
  description: description.optional(),
  support: support.optional(),
});

/** PUT /video-channels/{handle} (PeerTube's VideoChannelUpdate). */
export const updateChannelSchema = z.object({
  displayName: displayNameField.optional(),
  description: description.optional(),
  support: support.optional(),
  bulkVideosSupportUpdate: boolLike.optional(),
});
