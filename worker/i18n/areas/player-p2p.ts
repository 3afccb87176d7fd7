import { defineArea } from '../area';

/** The player's viewer-to-viewer line (web/src/player/p2p.ts fills in `{peers}` and `{bytes}`). */
export const playerP2P = defineArea(
  {
    'player.p2pStats': 'P2P: {peers} peers, {bytes} from peers',
  },
  {
    'player.p2pStats': 'P2P : {peers} pairs, {bytes} reçus des pairs',
  },
);
