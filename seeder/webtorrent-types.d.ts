// webtorrent 3 ships no types; these cover the parts the seeder and its tests use.
declare module 'webtorrent' {
  import type { EventEmitter } from 'node:events';

  export interface TorrentFile {
    name: string;
    path: string;
    length: number;
  }
  export interface Torrent extends EventEmitter {
    infoHash: string;
    name: string;
    length: number;
    done: boolean;
    ready: boolean;
    progress: number;
    uploaded: number;
    downloaded: number;
    numPeers: number;
    files: TorrentFile[];
    path: string;
    destroy(opts?: { destroyStore?: boolean }, cb?: (err?: Error) => void): void;
  }
  export interface ClientOptions {
    dht?: boolean | object;
    lsd?: boolean;
    utPex?: boolean;
    utp?: boolean;
    natUpnp?: boolean;
    natPmp?: boolean;
    webSeeds?: boolean;
    torrentPort?: number;
    tracker?: boolean | object;
  }
  export interface AddOptions {
    path?: string;
    announce?: string[];
    skipVerify?: boolean;
    store?: unknown;
    destroyStoreOnDestroy?: boolean;
  }
  export default class WebTorrent extends EventEmitter {
    constructor(opts?: ClientOptions);
    torrents: Torrent[];
    torrentPort: number;
    /** Whether uTP is on; webtorrent turns it off when its UDP bind fails. */
    utp: boolean;
    add(torrentId: string | Uint8Array | object, opts?: AddOptions, ontorrent?: (torrent: Torrent) => void): Torrent;
    get(infoHash: string): Promise<Torrent | null>;
    remove(torrentId: string | Torrent, opts?: { destroyStore?: boolean }, cb?: (err?: Error) => void): Promise<void>;
    address(): { address: string; port: number } | null;
    destroy(cb?: (err?: Error) => void): void;
  }
}
