// Live reload for `syndicate serve`: MkDocs' polling protocol, as a file rather than inline script,
// so pages whose Content-Security-Policy forbids inline script still reload on every save.
(function () {
  "use strict";
  var me = document.currentScript;
  var epoch = parseFloat(me.getAttribute("data-epoch"));
  var requestId = me.getAttribute("data-request");
  var req, timeout;

  function poll() {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        timeout = setTimeout(poll, this.status === 200 ? 0 : 1000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + requestId);
    req.send();
  }

  function stop() {
    if (req) { req.abort(); }
    if (timeout) { clearTimeout(timeout); }
    req = timeout = undefined;
  }

  function start() {
    if (document.visibilityState === "visible" && !req) { poll(); }
  }

  if (document.readyState === "complete") { start(); } else { window.addEventListener("load", start); }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { start(); } else { stop(); }
  });
  window.addEventListener("beforeunload", stop);
})();
