// The iframe variant: /widget/embed#kommune=Faxe&key=…&heading=… shows one widget filling the frame.
// Settings come in the fragment (#…), which the browser never sends to the server, so a widget key
// never reaches an access log or a Referer. The older ?key=… still works and is removed from the
// address at once. A parent page may also send the key with
// postMessage({type: "ssp-vidensbank:key", key: "…"}).
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
})();
