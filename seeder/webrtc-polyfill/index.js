// The subset of webrtc-polyfill's exports that @thaunknown/simple-peer (webtorrent 3, bittorrent-tracker)
// imports, backed by @roamhq/wrtc. Why: docs/adr/0021-p2p-tracker-and-seeder.md.
import wrtc from '@roamhq/wrtc';

export const { RTCPeerConnection, RTCSessionDescription, RTCIceCandidate } = wrtc;
export default wrtc;
