// create-torrent 6 and parse-torrent 11 ship no types; these cover the parts used here.
declare module 'create-torrent' {
  import type { Readable } from 'node:stream';

  interface CreateTorrentOptions {
    name?: string;
    creationDate?: Date;
    comment?: string;
    createdBy?: string;
    private?: boolean;
    pieceLength?: number;
    maxPieceLength?: number;
    announceList?: string[][];
    urlList?: string[];
    info?: Record<string, unknown>;
    onProgress?: (hashedLength: number, estimatedTorrentLength: number) => void;
  }

  type Input = string | Uint8Array | Readable | Blob;
  export default function createTorrent(input: Input | Input[], opts: CreateTorrentOptions, cb: (err: Error | null, torrent?: Uint8Array) => void): void;
}

// The seeder reads torrents with it; torrent.test.ts uses it as an oracle.
declare module 'parse-torrent' {
  interface ParsedTorrent {
    infoHash: string;
    name?: string;
    length?: number;
    pieceLength?: number;
    lastPieceLength?: number;
    pieces?: string[];
    announce: string[];
    urlList: string[];
    xs?: string | string[];
    files?: { path: string; name: string; length: number; offset: number }[];
  }
  export default function parseTorrent(torrentId: string | Uint8Array): Promise<ParsedTorrent>;
}
