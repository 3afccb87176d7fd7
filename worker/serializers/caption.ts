import type { Config } from '../config';
import type { VideoCaption } from '../db/schema';
import { captionPath } from '../media/urls';
import { labelled, VIDEO_LANGUAGES } from '../services/video-labels';

/** PeerTube 6.3's VideoCaption (VideoCaptionModel.toFormattedJSON): no file URL, the path is served here for remote ones too. */
export function serializeCaption(caption: VideoCaption) {
  return {
    language: labelled(VIDEO_LANGUAGES, caption.language),
    automaticallyGenerated: caption.automaticallyGenerated,
    captionPath: captionPath(caption.filename),
    updatedAt: caption.updatedAt.toISOString(),
  };
}

/**
 * One entry of a Video object's `subtitleLanguage` (VideoCaptionModel.toActivityPubObject): 6.3
 * sends `url` as a plain string, the file on the video's origin.
 */
export function serializeCaptionObject(config: Config, video: { isLocal: boolean }, caption: VideoCaption) {
  return {
    identifier: caption.language,
    name: labelled(VIDEO_LANGUAGES, caption.language).label,
    automaticallyGenerated: caption.automaticallyGenerated,
    url: video.isLocal ? `${config.publicUrl}${captionPath(caption.filename)}` : caption.fileUrl,
  };
}
