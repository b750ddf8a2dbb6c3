/*! SSP Vidensbank widget: <ssp-vidensbank api="https://…" key="…" kommune="Faxe"></ssp-vidensbank>
 * Signed-in users: token-url="/intranet/vidensbank-token" (a same-origin endpoint that answers
 * with a fresh access token, called with the intranet's cookies), or element.getToken = async
 * () => token (MSAL and the like). The token goes as Bearer, the widget key then as X-API-Key.
 * One classic script, no dependencies. Styles live in a shadow root, so the host page's CSS
 * cannot break the widget and the widget's CSS cannot touch the host page. Every value from the
 * API is put into the DOM as text, never parsed as HTML.
 */
(function () {
  "use strict";
  if (window.customElements && customElements.get("ssp-vidensbank")) return;
  var script = document.currentScript;
  var SCRIPT_ORIGIN = script && script.src ? new URL(script.src, location.href).origin : location.origin;

  var CSS = [
    ":host { all: initial; display: block; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif;",
    "  font-size: 16px; line-height: 1.55; color: #1b2430; --ssp-accent: #0a5c7a; --ssp-accent-soft: #e6f1f5; }",
    ":host([hidden]) { display: none; }",
    "*, *::before, *::after { box-sizing: border-box; }",
    ".box { background: #fff; border: 1px solid #d3dae2; border-radius: 12px; padding: 1.1rem 1.2rem; max-width: 46rem; }",
    ".head { display: flex; align-items: center; gap: .55rem; margin: 0 0 .75rem; }",
    ".logo { width: 28px; height: 28px; flex: none; display: block; }",
    ".title { font-size: 1.1rem; font-weight: 700; margin: 0; line-height: 1.3; }",
    "label { display: block; font-weight: 600; font-size: .92rem; margin-bottom: .3rem; }",
    ".row { display: flex; gap: .45rem; }",
    "input[type=search] { flex: 1; min-width: 0; font: inherit; padding: .6rem .75rem; border: 2px solid #7d8b99; border-radius: 8px; color: inherit; background: #fff; }",
    "button { font: inherit; font-weight: 650; border-radius: 8px; border: 1px solid var(--ssp-accent); background: var(--ssp-accent); color: #fff; padding: .6rem 1rem; cursor: pointer; }",
    "button:hover { filter: brightness(.9); }",
    ":focus-visible { outline: 3px solid #0b2a4a; outline-offset: 2px; }",
    ".scope { display: flex; align-items: center; gap: .4rem; font-size: .9rem; font-weight: 400; margin: .5rem 0 0; }",
    ".scope input { width: 1rem; height: 1rem; accent-color: var(--ssp-accent); margin: 0; }",
    ".out:empty { display: none; } .out { margin-top: 1rem; }",
    ".answer { border-left: 4px solid var(--ssp-accent); padding: .1rem 0 .1rem .9rem; margin: 0 0 .9rem; }",
    ".eyebrow { font-size: .75rem; text-transform: uppercase; letter-spacing: .06em; font-weight: 700; color: #07445b; margin: 0 0 .25rem; }",
    ".answer p { margin: 0; }",
    ".ref { display: inline-block; min-width: 1.4em; padding: 0 .3em; margin: 0 .1em; border-radius: 4px; font-size: .78em; font-weight: 700; text-align: center; vertical-align: .15em; background: var(--ssp-accent-soft); color: #07445b; text-decoration: none; }",
    "ol { list-style: none; margin: 0; padding: 0; display: grid; gap: .55rem; }",
    ".cite { display: grid; grid-template-columns: 1.7rem minmax(0, 1fr); gap: .6rem; padding: .6rem .7rem; border: 1px solid #d3dae2; border-radius: 8px; background: #fbfcfd; }",
    ".n { width: 1.7rem; height: 1.7rem; border-radius: 50%; background: var(--ssp-accent); color: #fff; font-weight: 700; font-size: .8rem; display: grid; place-items: center; }",
    "a { color: var(--ssp-accent); } a:hover { color: #07445b; }",
    ".cite a { font-weight: 650; }",
    ".meta { font-size: .84rem; color: #4b5868; margin: .1rem 0 0; }",
    "blockquote { margin: .3rem 0 0; padding-left: .6rem; border-left: 3px solid #f2c14e; font-style: italic; }",
    ".compare { margin: 0 0 .9rem; font-size: .94rem; }",
    ".compare ul { margin: 0; padding: 0 0 0 1.1rem; display: grid; gap: .3rem; }",
    ".more { margin: 1rem 0 0; font-size: .92rem; } .more h3 { font-size: .95rem; margin: 0 0 .4rem; }",
    ".more ol { gap: .35rem; } .more li { padding: 0; }",
    ".state { padding: .75rem .9rem; border-radius: 8px; background: #fff6db; margin: 0; }",
    ".state.error { background: #fcebec; }",
    ".loading { color: #4b5868; margin: 0; }",
    ".foot { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .4rem; margin-top: 1rem; padding-top: .7rem; border-top: 1px solid #e3e8ee; font-size: .84rem; color: #4b5868; }",
    ".badge { display: inline-block; font-size: .75rem; font-weight: 700; padding: 0 .4rem; border-radius: 4px; background: #fff1c7; color: #5c4500; margin-left: .35rem; }",
    ".sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }",
    "@media (max-width: 480px) { .row { flex-direction: column; } .box { padding: .9rem; } }"
  ].join("\n");

  var DATE = new Intl.DateTimeFormat("da-DK", { day: "numeric", month: "long", year: "numeric" });

  function h(tag, props) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (name) {
      var value = props[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }
  function add(node, child) {
    if (child === null || child === undefined || child === false || child === "") return;
    if (Array.isArray(child)) return child.forEach(function (c) { add(node, c); });
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  var SVG = "http://www.w3.org/2000/svg";
  function logo() {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 36 36");
    svg.setAttribute("class", "logo");
    svg.setAttribute("aria-hidden", "true");
    [["rect", { width: 36, height: 36, rx: 8, fill: "#0a5c7a" }],
      ["path", { d: "M9 11.5c3-1.6 6-1.6 9 0v14c-3-1.6-6-1.6-9 0z", fill: "#fff" }],
      ["path", { d: "M18 11.5c3-1.6 6-1.6 9 0v14c-3-1.6-6-1.6-9 0z", fill: "#cfe6ee" }],
      ["circle", { cx: 25.5, cy: 24.5, r: 4.2, fill: "none", stroke: "#f2c14e", "stroke-width": 2.2 }],
      ["path", { d: "M28.4 27.4l3 3", stroke: "#f2c14e", "stroke-width": 2.4, "stroke-linecap": "round" }]
    ].forEach(function (spec) {
      var node = document.createElementNS(SVG, spec[0]);
      Object.keys(spec[1]).forEach(function (k) { node.setAttribute(k, spec[1][k]); });
      svg.appendChild(node);
    });
    return svg;
  }
  function date(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? DATE.format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], 12))) : (iso || "");
  }
  function badge(hit) {
    if (hit.visibility === "kommune") return h("span", { class: "badge", text: "Kun for " + hit.kommune + " Kommune" });
    if (hit.visibility === "signed-in") return h("span", { class: "badge", text: "Kun for indloggede" });
    return null;
  }
  function meta(hit) {
    var parts = [hit.kommune === "national" ? "Landsdækkende" : hit.kommune, hit.kind, date(hit.date),
      hit.page ? "side " + hit.page : hit.section ? hit.section.split(" > ").pop() : null];
    return parts.filter(Boolean).join(" · ");
  }

  class SspVidensbank extends HTMLElement {
    static get observedAttributes() { return ["kommune", "heading"]; }

    constructor() {
      super();
      this.root = this.attachShadow({ mode: "open" });
      // A constructed stylesheet needs no 'unsafe-inline' in the host page's CSP; <style> is the fallback.
      this.sheetOk = "adoptedStyleSheets" in Document.prototype && "replaceSync" in CSSStyleSheet.prototype;
      if (this.sheetOk) {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        this.root.adoptedStyleSheets = [sheet];
      }
      this.run = 0;
    }

    get api() { return (this.getAttribute("api") || SCRIPT_ORIGIN).replace(/\/$/, ""); }
    get key() { return this.getAttribute("key") || ""; }
    get kommune() { return this.getAttribute("kommune") || ""; }

    // A page may set getToken before this script has defined the element: take that value over.
    get getToken() { return this._getToken; }
    set getToken(fn) { this._getToken = fn; this._token = null; }

    connectedCallback() {
      if (Object.prototype.hasOwnProperty.call(this, "getToken")) {
        var early = this.getToken;
        delete this.getToken;
        this.getToken = early;
      }
      if (!this.box) this.render();
    }
    attributeChangedCallback() { if (this.box) this.render(); }

    render() {
      var self = this, uid = "ssp" + Math.random().toString(36).slice(2, 8);
      this.input = h("input", { type: "search", id: uid + "-q", name: "q", required: true, maxlength: "500", autocomplete: "off",
        placeholder: this.getAttribute("placeholder") || "F.eks. Hvordan organiserer andre kommuner deres lokalgrupper?" });
      this.scope = this.kommune ? h("input", { type: "checkbox", id: uid + "-scope", checked: true }) : null;
      this.out = h("div", { class: "out" });
      this.status = h("p", { class: "sr", role: "status", "aria-live": "polite" });
      var level = Math.min(6, Math.max(2, parseInt(this.getAttribute("heading-level") || "2", 10) || 2));
      var form = h("form", { role: "search", "aria-label": "SSP Vidensbank", onsubmit: function (e) { e.preventDefault(); self.ask(); } },
        h("label", { for: uid + "-q", text: "Stil et spørgsmål til SSP Vidensbank" }),
        h("div", { class: "row" }, this.input, h("button", { type: "submit", text: "Søg" })),
        this.scope ? h("label", { class: "scope", for: uid + "-scope" }, this.scope, "Kun dokumenter fra " + this.kommune) : null);
      this.box = h("section", { class: "box", "aria-labelledby": uid + "-title" },
        h("div", { class: "head" }, logo(),
          h("h" + level, { class: "title", id: uid + "-title", text: this.getAttribute("heading") || "Spørg SSP Vidensbank" })),
        form, this.status, this.out);
      while (this.root.firstChild) this.root.removeChild(this.root.firstChild);
      if (!this.sheetOk) this.root.appendChild(h("style", { text: CSS }));
      this.root.appendChild(this.box);
    }

    // The signed-in user's token: from getToken, or fetched from token-url with the intranet's
    // cookies; null without either (or when the intranet has none), and the widget shows public documents.
    token(fresh) {
      var self = this, url = this.getAttribute("token-url");
      if (!fresh && this._token !== undefined && this._token !== null) return Promise.resolve(this._token);
      if (this._pending) return this._pending;  // one call at a time, shared by parallel requests
      var source = typeof this._getToken === "function" ? Promise.resolve().then(function () { return self._getToken(); })
        : url ? fetch(url, { credentials: "include", cache: "no-store", headers: { Accept: "application/json, text/plain" } })
          .then(function (r) {
            if (!r.ok) return null;
            return (r.headers.get("content-type") || "").indexOf("json") >= 0
              ? r.json().then(function (d) { return d && (d.access_token || d.token); }) : r.text();
          })
        : Promise.resolve(null);
      this._pending = source.then(function (t) { return t ? String(t).trim() : null; }, function () { return null; })
        .then(function (t) { self._token = t; self._pending = null; return t; });
      return this._pending;
    }

    headers(token) {
      var headers = {};
      if (token) {
        headers.Authorization = "Bearer " + token;
        if (this.key) headers["X-API-Key"] = this.key;
      } else if (this.key) headers.Authorization = "Bearer " + this.key;
      return headers;
    }

    request(path, body, retried) {
      var self = this;
      return this.token(false).then(function (token) {
        var headers = Object.assign({ "Content-Type": "application/json" }, self.headers(token));
        return fetch(self.api + path, { method: "POST", headers: headers, body: JSON.stringify(body), mode: "cors", credentials: "omit" })
          .then(function (response) {
            if (response.status === 401 && token && !retried) {  // expired: a fresh token, once
              return self.token(true).then(function () { return self.request(path, body, true); });
            }
            return response.json().catch(function () { return {}; }).then(function (data) {
              if (!response.ok) throw Object.assign(new Error(data.detail || "Fejl " + response.status), { status: response.status });
              return data;
            });
          });
      });
    }

    ask() {
      var self = this, question = this.input.value.trim(), mine = ++this.run;
      if (!question) return;
      var filters = { kommune: this.scope && this.scope.checked ? [this.kommune] : [] };
      this.out.replaceChildren(h("p", { class: "loading", text: "Finder svar …" }));
      this.out.setAttribute("aria-busy", "true");
      this.status.textContent = "Søger …";
      this.token(true).then(function () {
        return Promise.all([
          self.request("/v1/ask", { question: question, filters: filters }),
          self.request("/v1/search", { query: question, top_k: 6, filters: filters })
        ]);
      }).then(function (results) {
        if (mine === self.run) self.show(question, results[0], results[1].hits, filters);
      }, function (error) {
        if (mine === self.run) self.fail(error);
      });
    }

    link(hit, text) {
      var self = this, path = "/v1/documents/" + encodeURIComponent(hit.doc_id) + "/file";
      var a = h("a", { href: this.api + path + (hit.page ? "#page=" + hit.page : ""), target: "_blank", rel: "noopener" }, text,
        h("span", { class: "sr", text: " (åbner i nyt vindue)" }));
      if (this.key || this._token) {
        a.addEventListener("click", function (event) {
          event.preventDefault();
          var win = window.open("about:blank", "_blank");
          fetch(self.api + path, { headers: self.headers(self._token), mode: "cors" })
            .then(function (r) { if (!r.ok) throw new Error(); return r.blob(); })
            .then(function (blob) { win.location.href = URL.createObjectURL(blob) + (hit.page ? "#page=" + hit.page : ""); },
              function () { win.close(); });
        });
      }
      return a;
    }

    show(question, answer, hits, filters) {
      var self = this, cited = {};
      this.out.removeAttribute("aria-busy");
      var parts = [];
      if (answer.answered) {
        answer.citations.forEach(function (c) { cited[c.chunk_id] = true; });
        var text = answer.answer.split(/(\[\d+\])/).map(function (part) {
          var m = /^\[(\d+)\]$/.exec(part);
          return m ? h("span", { class: "ref", "aria-label": "kilde " + m[1] }, m[1]) : part;
        });
        parts.push(h("div", { class: "answer" }, h("p", { class: "eyebrow", text: "Svar" }), h("p", {}, text)),
          this.comparison(answer),
          h("ol", { "aria-label": "Kilder" }, answer.citations.map(function (c) {
            return h("li", { class: "cite" }, h("span", { class: "n", "aria-hidden": "true", text: c.n }),
              h("div", {}, h("span", { class: "sr", text: "Kilde " + c.n + ": " }), self.link(c, c.title), badge(c),
                h("p", { class: "meta", text: meta(c) }), h("blockquote", { text: c.quote })));
          })));
      } else {
        parts.push(h("p", { class: "state", text: "Vidensbanken har ikke et klart svar på dette. " + (hits.length ? "Se de nærmeste tekster herunder." : "Prøv at spørge på en anden måde.") }));
      }
      var rest = hits.filter(function (hit) { return !cited[hit.chunk_id]; }).slice(0, 3);
      if (rest.length) {
        parts.push(h("div", { class: "more" }, h("h3", { text: answer.answered ? "Læs også" : "Nærmeste tekster" }),
          h("ol", {}, rest.map(function (hit) { return h("li", {}, self.link(hit, hit.title), badge(hit), h("span", { class: "meta", text: " · " + meta(hit) })); }))));
      }
      var params = new URLSearchParams({ q: question });
      (filters.kommune || []).forEach(function (k) { params.append("kommune", k); });
      parts.push(h("div", { class: "foot" },
        h("a", { href: this.api + "/?" + params, target: "_blank", rel: "noopener" }, "Se alle resultater i SSP Vidensbank", h("span", { class: "sr", text: " (åbner i nyt vindue)" })),
        h("span", { text: "Tjek altid kilden" })));
      this.out.replaceChildren.apply(this.out, parts);
      this.status.textContent = answer.answered ? "Svar med " + answer.citations.length + " kilder." : "Intet sikkert svar.";
    }

    // "Sådan gør kommunerne" in short: "Faxe: text [1]", each number opening its source at the page.
    comparison(answer) {
      var self = this, byNumber = {};
      if (!answer.comparison || !answer.comparison.length) return null;
      answer.citations.forEach(function (c) { byNumber[c.n] = c; });
      return h("div", { class: "compare" }, h("p", { class: "eyebrow", text: "Sådan gør kommunerne" }),
        h("ul", { "aria-label": "Sådan gør kommunerne" }, answer.comparison.map(function (row) {
          return h("li", {}, h("strong", { text: (row.kommune === "national" ? "Landsdækkende" : row.kommune) + ": " }), row.text,
            row.citations.filter(function (n) { return byNumber[n]; }).map(function (n) {
              var c = byNumber[n], ref = self.link(c, String(n));
              ref.setAttribute("class", "ref");
              ref.setAttribute("aria-label", "Kilde " + n + ": " + c.title + (c.page ? ", side " + c.page : "") + " (åbner i nyt vindue)");
              return [" ", ref];
            }));
        })));
    }

    fail(error) {
      this.out.removeAttribute("aria-busy");
      var message = error.status === 401 || error.status === 403 ? "Widgetten har ikke adgang til vidensbanken. Kontakt jeres intranetredaktør."
        : error.status === 429 ? "Der er søgt mange gange på kort tid. Vent et øjeblik, og prøv igen."
        : error.status ? error.message : "Vidensbanken kunne ikke nås fra denne side.";
      this.out.replaceChildren(h("p", { class: "state error", role: "alert", text: message }));
      this.status.textContent = "";
    }
  }

  customElements.define("ssp-vidensbank", SspVidensbank);
})();
