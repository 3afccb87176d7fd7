import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidRemoteVideoError, parseIsoDuration, parseVideoObject } from './parse';

const FIXTURES = new URL('../../../test/fixtures/peertube-6.3/', import.meta.url);
const signedBody = (name: string) => JSON.parse(JSON.parse(readFileSync(new URL(`signed/${name}`, FIXTURES), 'utf8')).body);

describe('parseVideoObject on what PeerTube 6.3 sends', () => {
  it('reads a Create(Video): files with torrent and magnet, HLS playlist, images, owners', () => {
    const video = parseVideoObject(signedBody('create-video-from-peertube.json').object);
    expect(video).toMatchObject({
      url: 'http://localhost:9000/videos/watch/40ffba14-5b9e-440e-902f-18b11be2d08e',
      uuid: '40ffba14-5b9e-440e-902f-18b11be2d08e',
      name: 'pt-capture signed fixture video 2',
      duration: 3,
      state: 1,
      privacy: 1,
      description: null,
      commentsPolicy: 1,
      downloadEnabled: true,
      aspectRatio: 1.3333,
      accountUrl: 'http://localhost:9000/accounts/root',
      channelUrl: 'http://localhost:9000/video-channels/root_channel',
      thumbnailUrl: 'http://localhost:9000/lazy-static/thumbnails/dd8b9329-e605-4cc0-9c2b-816501389547.jpg',
      previewUrl: 'http://localhost:9000/lazy-static/previews/bd33d67d-b6b1-494d-a342-4ba1144c613f.jpg',
      likesUrl: 'http://localhost:9000/videos/watch/40ffba14-5b9e-440e-902f-18b11be2d08e/likes',
    });
    expect(video.files).toEqual([
      {
        resolution: 240,
        height: 240,
        width: 320,
        fps: 25,
        size: 132504,
        fileUrl: 'http://localhost:9000/static/web-videos/19da4b49-eb6c-483c-ab09-de8c5f513511-240.mp4',
        torrentUrl: 'http://localhost:9000/lazy-static/torrents/5e3c5f39-df22-4d63-8c40-f8d8072b5156-240.torrent',
        magnetUri: expect.stringMatching(/^magnet:\?xs=.*xt=urn:btih:35cbfd2a0ba68112793d35cc7d9e939c7d687a89/),
        infoHash: '35cbfd2a0ba68112793d35cc7d9e939c7d687a89',
      },
    ]);
    expect(video.playlist).toEqual({
      playlistUrl: 'http://localhost:9000/static/streaming-playlists/hls/40ffba14-5b9e-440e-902f-18b11be2d08e/4ebc776e-d3c0-4d59-b12c-983003e8c12f-master.m3u8',
      segmentsSha256Url:
        'http://localhost:9000/static/streaming-playlists/hls/40ffba14-5b9e-440e-902f-18b11be2d08e/b027db46-b5a2-4508-b575-f2da6afc0457-segments-sha256.json',
      files: [expect.objectContaining({ resolution: 240, fileUrl: expect.stringMatching(/-240-fragmented\.mp4$/) })],
    });
  });

  it('reads an Update(Video) with two renditions, highest first, each with its own torrent', () => {
    const video = parseVideoObject(signedBody('update-video-from-peertube.json').object);
    expect(video.files.map((f) => [f.resolution, f.torrentUrl?.split('/').pop()])).toEqual([
      [240, '59bc2413-0e46-4aad-8c25-0f096991fd55-240.torrent'],
      [144, 'fe558dfc-9da6-426c-8429-259d5a6164fb-144.torrent'],
    ]);
  });

  it("keeps the HLS playlist's own fragmented MP4s apart from the web videos", () => {
    const video = parseVideoObject(signedBody('update-video-from-peertube.json').object);
    expect(video.playlist?.playlistUrl).toMatch(/97facb15-d879-4793-a2f8-5f314461cb19-master\.m3u8$/);
    expect(video.playlist?.files.map((f) => [f.resolution, f.fileUrl.split('/').pop(), f.torrentUrl?.split('/').pop(), f.infoHash])).toEqual([
      [
        240,
        'ec94fe58-83e1-4de8-85de-dd178fdf041e-240-fragmented.mp4',
        '234bfe8c-507a-44e9-94bb-9c50bb29b762-240-hls.torrent',
        'f041fa185ee05799d0bbee495c676e1c9a654e5f',
      ],
    ]);
    expect(video.files.every((f) => f.fileUrl.includes('/static/web-videos/'))).toBe(true);
  });

  it('reads the served Video object (ap-video.json) with its tags', () => {
    const doc = JSON.parse(readFileSync(new URL('ap-video.json', FIXTURES), 'utf8'));
    const video = parseVideoObject(doc);
    expect(video.tags).toEqual(['bench', 'clip22']);
    expect(video.files.length).toBeGreaterThan(0);
  });

  it('falls back to the HLS renditions when there are no web videos', () => {
    const object = signedBody('create-video-from-peertube.json').object;
    object.url = object.url.filter((u: { mediaType: string; rel?: string[] }) => u.mediaType === 'application/x-mpegURL' || u.mediaType === 'text/html');
    const video = parseVideoObject(object);
    expect(video.files.map((f) => f.fileUrl)).toEqual([expect.stringMatching(/-240-fragmented\.mp4$/)]);
  });

  it('refuses private audiences, foreign owners, missing channels and non-videos', () => {
    const base = () => signedBody('create-video-from-peertube.json').object;
    const priv = { ...base(), to: ['http://localhost:9000/accounts/root/followers'], cc: [] };
    expect(() => parseVideoObject(priv)).toThrow(InvalidRemoteVideoError);
    const foreign = {
      ...base(),
      attributedTo: [
        { type: 'Person', id: 'https://evil.example/accounts/x' },
        { type: 'Group', id: 'http://localhost:9000/video-channels/root_channel' },
      ],
    };
    expect(() => parseVideoObject(foreign)).toThrow(/another origin/);
    expect(() => parseVideoObject({ ...base(), attributedTo: [{ type: 'Person', id: 'http://localhost:9000/accounts/root' }] })).toThrow(/no channel/);
    expect(() => parseVideoObject({ ...base(), type: 'Note' })).toThrow(InvalidRemoteVideoError);
    expect(() => parseVideoObject({ ...base(), uuid: 'nope' })).toThrow(/uuid/);
  });

  it('takes unlisted videos (Public in cc) as unlisted', () => {
    const object = {
      ...signedBody('create-video-from-peertube.json').object,
      to: ['http://localhost:9000/accounts/root/followers'],
      cc: ['https://www.w3.org/ns/activitystreams#Public'],
    };
    expect(parseVideoObject(object).privacy).toBe(2);
  });
});

describe('parseIsoDuration', () => {
  it('reads PeerTube durations', () => {
    expect(parseIsoDuration('PT3S')).toBe(3);
    expect(parseIsoDuration('PT1M5S')).toBe(65);
    expect(parseIsoDuration('PT1H2M3S')).toBe(3723);
    expect(parseIsoDuration('garbage')).toBe(0);
  });
});
