// The host side of beian's iframe mode (postMessage contract version 1, docs/embedding.md).
// Served by the beian server at /embed/beian-frame.js. No dependencies, no build step.
//
//   const frame = BeianFrame.mount(element, {
//     origin: 'https://beian.example.com',     // where the beian client is served
//     lang: 'en',                              // optional: the client's first language
//     preset: { domain: 'example.cn', serviceNumber: '...' },  // sent once the client is ready
//     onMessage: (message) => {},              // every message of the contract
//   });
//   frame.send({ type: 'preset', domain: 'example.cn' });
//   frame.destroy();
//
// Messages are taken only from the frame's own window and the given origin, and sent only to
// that origin (never '*').
(function (global) {
  'use strict';
  var VERSION = 1;

  function mount(element, options) {
    var origin = new URL(options.origin).origin;
    var iframe = document.createElement('iframe');
    iframe.src = origin + '/' + (options.path || '') + (options.lang ? '?lang=' + encodeURIComponent(options.lang) : '');
    iframe.title = options.title || 'ICP 备案 ICP filing';
    // The capture step films the ID card and the face: without camera, it cannot start.
    iframe.allow = 'camera; microphone; fullscreen';
    iframe.style.cssText = 'width:100%;border:0;display:block;min-height:480px';
    element.appendChild(iframe);

    function send(message) {
      var out = Object.assign({}, message, { beian: VERSION });
      iframe.contentWindow.postMessage(out, origin);
    }
    function receive(event) {
      if (event.origin !== origin || event.source !== iframe.contentWindow) return;
      var m = event.data;
      if (!m || typeof m !== 'object' || m.beian !== VERSION || typeof m.type !== 'string') return;
      if (m.type === 'resize' && typeof m.height === 'number' && m.height > 0) {
        iframe.style.height = Math.ceil(m.height) + 'px';
      }
      if (m.type === 'ready' && options.preset) {
        send(Object.assign({ type: 'preset' }, options.preset));
      }
      if (options.onMessage) options.onMessage(m);
    }
    global.addEventListener('message', receive);
    return {
      iframe: iframe,
      send: send,
      destroy: function () {
        global.removeEventListener('message', receive);
        iframe.remove();
      },
    };
  }

  global.BeianFrame = { VERSION: VERSION, mount: mount };
})(window);
