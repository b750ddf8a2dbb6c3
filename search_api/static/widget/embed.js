// The iframe variant: /widget/embed?kommune=Faxe&key=…&heading=… shows one widget filling the frame.
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var widget = document.querySelector("ssp-vidensbank");
  ["kommune", "key", "heading", "placeholder"].forEach(function (name) {
    var value = params.get(name);
    if (value) widget.setAttribute(name, value);
  });
  widget.setAttribute("api", location.origin);
})();
