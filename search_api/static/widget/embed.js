// The iframe variant: /widget/embed#kommune=Faxe&key=…&heading=… shows one widget filling the frame.
// Settings come in the fragment (#…), which the browser never sends to the server, so a widget key
// never reaches an access log or a Referer. The older ?key=… still works and is removed from the
// address at once. A parent page may also send the key with
// postMessage({type: "ssp-vidensbank:key", key: "…"}).
// A signed-in user's token comes from the parent page by postMessage, from an allowed origin only:
//   parent → frame: { type: "ssp-vidensbank:token", token: "<access token>" }
//   frame → parent: { type: "ssp-vidensbank:token-request" } before each search and after a 401.
(function () {
  "use strict";
  var fragment = new URLSearchParams(location.hash.replace(/^#/, ""));
  var query = new URLSearchParams(location.search);
  var widget = document.querySelector("ssp-vidensbank");
  ["kommune", "key", "heading", "placeholder"].forEach(function (name) {
    var value = fragment.get(name) || query.get(name);
    if (value) widget.setAttribute(name, value);
  });
  widget.setAttribute("api", location.origin);
  if (location.search || location.hash) history.replaceState(null, "", location.pathname);
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source === window.parent && data && data.type === "ssp-vidensbank:key" && typeof data.key === "string") {
      widget.setAttribute("key", data.key);
    }
  });

  var meta = document.querySelector('meta[name="ssp-parent-origins"]');
  var allowed = meta ? meta.getAttribute("content").split(/\s+/).filter(Boolean) : [];
  if (window.parent === window || !allowed.length || (fragment.get("identity") || query.get("identity")) !== "postmessage") return;
  var latest = null, waiting = [];
  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || allowed.indexOf(event.origin) < 0) return;  // anyone else: ignored
    var data = event.data || {};
    if (data.type !== "ssp-vidensbank:token" || typeof data.token !== "string") return;
    latest = data.token;
    waiting.splice(0).forEach(function (resolve) { resolve(latest); });
  });
  widget.getToken = function () {
    return new Promise(function (resolve) {
      waiting.push(resolve);
      allowed.forEach(function (origin) {  // only the parent whose origin matches receives it
        window.parent.postMessage({ type: "ssp-vidensbank:token-request" }, origin);
      });
      setTimeout(function () {
        var i = waiting.indexOf(resolve);
        if (i >= 0) { waiting.splice(i, 1); resolve(latest); }
      }, 3000);
    });
  };
})();
