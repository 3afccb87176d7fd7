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

  if (source.hls && window.Hls && window.Hls.isSupported()) {
    var hls = new window.Hls({ capLevelToPlayerSize: true });
    hls.on(window.Hls.Events.ERROR, function (_event, data) {
      if (!data.fatal) return;
      if (data.type === window.Hls.ErrorTypes.NETWORK_ERROR) hls.startLoad();
      else if (data.type === window.Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
      else {
        hls.destroy();
        playMp4();
      }
    });
    hls.loadSource(source.hls);
    hls.attachMedia(video);
    window.edgetubePlayer = hls;
  } else if (source.hls && video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = source.hls;
  } else {
    playMp4();
  }

  applyOptions(video, source.options || {});

  // PeerTube's player URL parameters (embed and watch page): start, stop, autoplay, muted, loop.
  function applyOptions(media, options) {
    if (options.muted) media.muted = true;
    if (options.loop) media.loop = true;
    if (options.start) {
      media.addEventListener(
        'loadedmetadata',
        function () {
          media.currentTime = options.start;
        },
        { once: true },
      );
    }
    if (options.stop) {
      media.addEventListener('timeupdate', function onTime() {
        if (media.currentTime < options.stop) return;
        media.pause();
        media.removeEventListener('timeupdate', onTime);
      });
    }
    if (options.autoplay) {
      // Browsers refuse unmuted autoplay without a gesture: retry muted rather than not at all.
      media
        .play()
        .catch(function () {
          media.muted = true;
          return media.play();
        })
        .catch(function () {});
    }
  }
})();
