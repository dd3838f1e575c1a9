// <beian-filing>: the custom element of beian's partner embedding (docs/embedding.md). Served by
// the beian server at /embed/beian-filing.js after beian-frame.js (BeianFrame), whose frame it
// puts in its shadow root: the client runs on the beian origin, so the host page's scripts
// cannot read what the applicant enters or films, and the host's styles cannot reach it.
//
//   <beian-filing server="https://beian.example.com" locale="en" theme="dark"
//                 domain="example.cn" service-number="..." partner-token="..."></beian-filing>
//
// Theming: the CSS custom properties --beian-accent, --beian-background, --beian-card,
// --beian-text (colours as #rgb or #rrggbb) and --beian-radius (0px to 24px) set on the element
// or inherited by it; call refreshTheme() after changing them.
// Events (bubbling, composed; `detail` is the contract's message): beian-ready, beian-step,
// beian-submitted, beian-signed-in, beian-preset, beian-theme, and beian-error for a `problem`
// or a client that did not start (`{type: 'problem', code: 'not_ready'}`: the server is unreachable or does not
// list this page's origin in BEIAN_FRAME_ANCESTORS).
(function (global) {
  'use strict';
  if (!global.BeianFrame || !global.customElements || global.customElements.get('beian-filing')) return;

  var THEME = ['accent', 'background', 'card', 'text', 'radius'];
  var EVENTS = { ready: 'beian-ready', step: 'beian-step', submitted: 'beian-submitted', signed_in: 'beian-signed-in', preset: 'beian-preset', theme: 'beian-theme', problem: 'beian-error' };
  // How long the client has to say it is ready.
  var READY_MS = 15000;

  class BeianFiling extends HTMLElement {
    static get observedAttributes() {
      return ['server', 'locale', 'theme', 'domain', 'service-number', 'partner-token'];
    }

    constructor() {
      super();
      this._root = this.attachShadow({ mode: 'open' });
      var style = document.createElement('style');
      style.textContent = ':host{display:block;min-height:480px}:host([hidden]){display:none}iframe{border-radius:inherit}';
      this._root.appendChild(style);
      this._frame = null;
      this._ready = false;
    }

    connectedCallback() { this._mount(); }
    disconnectedCallback() { this._unmount(); }

    attributeChangedCallback(name, was, now) {
      if (was === now || !this.isConnected) return;
      // A server given (or changed) after the element was put in the page mounts the client.
      if (name === 'server') return this._mount();
      if (!this._frame) return;
      if (!this._ready) return;
      if (name === 'locale') this._frame.send({ type: 'locale', locale: now || 'zh-CN' });
      if (name === 'theme') this.refreshTheme();
      if (name === 'domain' || name === 'service-number') this._preset();
      if (name === 'partner-token') this._signIn();
    }

    /** Sends the theme again (after the host changed its --beian-* properties). */
    refreshTheme() {
      if (!this._ready) return;
      var css = getComputedStyle(this);
      var message = { type: 'theme', scheme: this.getAttribute('theme') || 'light' };
      THEME.forEach(function (name) {
        var v = css.getPropertyValue('--beian-' + name).trim();
        if (v) message[name] = v;
      });
      this._frame.send(message);
    }

    _mount() {
      this._unmount();
      var server = this.getAttribute('server');
      if (!server) return this._emit('problem', { type: 'problem', code: 'no_server' });
      var self = this;
      try {
        this._frame = global.BeianFrame.mount(this._root, {
          origin: server,
          lang: this.getAttribute('locale') || '',
          title: this.getAttribute('title') || undefined,
          onMessage: function (m) { self._heard(m); },
        });
      } catch (e) {
        this._frame = null;
        return this._emit('problem', { type: 'problem', code: 'no_server' });
      }
      this._timer = setTimeout(function () {
        if (!self._ready) self._emit('problem', { type: 'problem', code: 'not_ready' });
      }, READY_MS);
    }

    _unmount() {
      clearTimeout(this._timer);
      if (this._frame) this._frame.destroy();
      this._frame = null;
      this._ready = false;
    }

    _heard(m) {
      if (m.type === 'ready') {
        this._ready = true;
        clearTimeout(this._timer);
        this.refreshTheme();
        this._preset();
        this._signIn();
      }
      if (EVENTS[m.type]) this._emit(m.type, m);
    }

    _preset() {
      var domain = this.getAttribute('domain');
      var number = this.getAttribute('service-number');
      if (!domain && !number) return;
      var message = { type: 'preset' };
      if (domain) message.domain = domain;
      if (number) message.serviceNumber = number;
      this._frame.send(message);
    }

    _signIn() {
      var token = this.getAttribute('partner-token');
      if (token) this._frame.send({ type: 'sign_in', token: token });
    }

    _emit(type, detail) {
      this.dispatchEvent(new CustomEvent(EVENTS[type], { detail: detail, bubbles: true, composed: true }));
    }
  }

  global.customElements.define('beian-filing', BeianFiling);
})(window);
