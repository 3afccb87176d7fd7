import { ACTIVITY_CONTEXT } from '../context';

/**
 * PeerTube 6.3's `@context` for Video objects (fixtures/peertube-6.3/ap-video.json), so that
 * JSON-LD processors read `pt:` and `sc:` terms as PeerTube defines them.
 */
export const VIDEO_TERMS = {
  pt: 'https://joinpeertube.org/ns#',
  sc: 'http://schema.org/',
  Hashtag: 'as:Hashtag',
  category: 'sc:category',
  licence: 'sc:license',
  subtitleLanguage: 'sc:subtitleLanguage',
  automaticallyGenerated: 'pt:automaticallyGenerated',
  sensitive: 'as:sensitive',
  language: 'sc:inLanguage',
  identifier: 'sc:identifier',
  isLiveBroadcast: 'sc:isLiveBroadcast',
  liveSaveReplay: {
    '@type': 'sc:Boolean',
    '@id': 'pt:liveSaveReplay',
  },
  permanentLive: {
    '@type': 'sc:Boolean',
    '@id': 'pt:permanentLive',
  },
  latencyMode: {
    '@type': 'sc:Number',
    '@id': 'pt:latencyMode',
  },
  Infohash: 'pt:Infohash',
  tileWidth: {
    '@type': 'sc:Number',
    '@id': 'pt:tileWidth',
  },
  tileHeight: {
    '@type': 'sc:Number',
    '@id': 'pt:tileHeight',
  },
  tileDuration: {
    '@type': 'sc:Number',
    '@id': 'pt:tileDuration',
  },
  aspectRatio: {
    '@type': 'sc:Float',
    '@id': 'pt:aspectRatio',
  },
  uuid: {
    '@type': 'sc:identifier',
    '@id': 'pt:uuid',
  },
  originallyPublishedAt: 'sc:datePublished',
  uploadDate: 'sc:uploadDate',
  hasParts: 'sc:hasParts',
  views: {
    '@type': 'sc:Number',
    '@id': 'pt:views',
  },
  state: {
    '@type': 'sc:Number',
    '@id': 'pt:state',
  },
  size: {
    '@type': 'sc:Number',
    '@id': 'pt:size',
  },
  fps: {
    '@type': 'sc:Number',
    '@id': 'pt:fps',
  },
  commentsEnabled: {
    '@type': 'sc:Boolean',
    '@id': 'pt:commentsEnabled',
  },
  canReply: 'pt:canReply',
  commentsPolicy: {
    '@type': 'sc:Number',
    '@id': 'pt:commentsPolicy',
  },
  downloadEnabled: {
    '@type': 'sc:Boolean',
    '@id': 'pt:downloadEnabled',
  },
  waitTranscoding: {
    '@type': 'sc:Boolean',
    '@id': 'pt:waitTranscoding',
  },
  support: {
    '@type': 'sc:Text',
    '@id': 'pt:support',
  },
  likes: {
    '@id': 'as:likes',
    '@type': '@id',
  },
  dislikes: {
    '@id': 'as:dislikes',
    '@type': '@id',
  },
  shares: {
    '@id': 'as:shares',
    '@type': '@id',
  },
  comments: {
    '@id': 'as:comments',
    '@type': '@id',
  },
  PropertyValue: 'sc:PropertyValue',
  value: 'sc:value',
} as const;

export const VIDEO_CONTEXT = [...ACTIVITY_CONTEXT, VIDEO_TERMS] as const;
