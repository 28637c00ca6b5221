/* Inside the embed iframe: apply the office's settings (theme colour, which programmes to
 * show), then tell the host page our height and two events, nothing else.
 *
 * Messages go only to the host origin the loader named (?host=…), and only when that is
 * really our parent (checked against location.ancestorOrigins where the browser has it).
 * Answers never leave this frame. Framed without the loader, or not framed: does nothing.
 */
(function () {
  "use strict";
  var query = new URLSearchParams(window.location.search);

  var theme = query.get("theme");
  if (theme && /^#[0-9a-fA-F]{6}$/.test(theme)) {
    document.documentElement.style.setProperty("--mb-accent", theme);
  }
  var programs = (query.get("programs") || "").split(",").filter(function (p) { return /^[a-z_]+$/.test(p); });
  if (programs.length) {
    var rule = "[data-program]" + programs.map(function (p) {
      return ':not([data-program="' + p + '"])';
    }).join("") + "{display:none !important}";
    // A constructed stylesheet, because the page's CSP forbids inline <style>.
    if ("adoptedStyleSheets" in document && typeof CSSStyleSheet.prototype.replaceSync === "function") {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(rule);
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    }
  }

  if (window.parent === window) return;
  var host = query.get("host");
  var hostOrigin;
  try {
    hostOrigin = host ? new URL(host).origin : null;
  } catch (e) {
    hostOrigin = null;
  }
  var ancestors = window.location.ancestorOrigins;
  if (!hostOrigin || hostOrigin === "null") return;
  if (ancestors && ancestors.length && ancestors[0] !== hostOrigin) return;

  function post(message) {
    message.source = "mingbai";
    window.parent.postMessage(message, hostOrigin);
  }

  // No height: the loader sizes the frame from the host window, so the size reveals no answer.
  post({ type: "shown" });
  document.addEventListener("mingbai:engine-ready", function () { post({ type: "ready" }); });
  document.addEventListener("mingbai:result-shown", function () { post({ type: "result" }); });
})();
