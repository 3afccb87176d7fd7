// The watch page's player: HLS through hls.js (MSE), native HLS where the browser has it,
// and the rendition MP4 (a plain fragmented MP4 with Range support) as the last resort.
(function () {
  'use strict';
  var video = document.getElementById('player');
  var sourceEl = document.getElementById('player-source');
  if (!video || !sourceEl) return;
  var source = JSON.parse(sourceEl.textContent || '{}');

  function playMp4() {
    if (source.mp4) video.src = source.mp4;
  }

  // Viewer-to-viewer sharing (web/src/p2p, ADR 0017): on unless the page left it out or the URL says ?p2p=0.
  var p2p = null;
  if (source.p2p && window.edgetubeP2P && !/[?&]p2p=0(&|$)/.test(location.search)) p2p = window.edgetubeP2P.attach(source.p2p);

  if (source.hls && window.Hls && window.Hls.isSupported()) {
    var hls = new window.Hls(Object.assign({ capLevelToPlayerSize: true }, p2p ? p2p.hlsConfig : {}));
    if (p2p) { p2p.bind(hls, video); p2p.showStats(video); window.edgetubeP2PStats = p2p.stats; }
    hls.on(window.Hls.Events.ERROR, function (_event, data) {
      if (!data.fatal) return;
      if (data.type === window.Hls.ErrorTypes.NETWORK_ERROR) hls.startLoad();
      else if (data.type === window.Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
      else { hls.destroy(); playMp4(); }
    });
    hls.loadSource(source.hls);
    hls.attachMedia(video);
    window.edgetubePlayer = hls;
  } else if (source.hls && video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = source.hls;
  } else {
    playMp4();
  }
})();
