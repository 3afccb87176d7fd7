import { defineArea } from '../area';

/** The player's viewer-to-viewer line (web/src/player/p2p.ts fills in `{peers}` and `{bytes}`). */
export const playerP2P = defineArea(
  {
    'player.p2pStats': 'P2P · peers: {peers} · received from peers: {bytes}',
  },
  {
    'player.p2pStats': 'P2P · pairs : {peers} · reçu des pairs : {bytes}',
  },
);
