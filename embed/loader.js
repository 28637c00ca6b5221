/* Mingbai embed loader: the one script an office pastes into its own page.
 *
 *   <script src="https://SITE/embed.js" data-j="zongyang" data-township="…" async></script>
 *
 * It puts the chrome-less screener (SITE/embed/) in a sandboxed iframe right after this
 * script tag and keeps the iframe as tall as its content. The iframe only ever tells us
 * its height and two events (ready, result shown) — never an answer — and we accept
 * messages only from the embed origin, only from our own iframe, only of those shapes.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src || !script.parentNode) return;  // removed before it ran: nothing to do
  var base = new URL(".", script.src);
  var embedOrigin = base.origin;
  var MAX_HEIGHT = 20000;

  var params = new URLSearchParams();
  var settings = { j: "j", township: "township", theme: "theme", programs: "programs" };
  Object.keys(settings).forEach(function (attr) {
    var value = script.getAttribute("data-" + attr);
    if (value) params.set(settings[attr], value);
  });
  params.set("host", window.location.origin);

  var frame = document.createElement("iframe");
  frame.src = new URL("embed/?" + params.toString(), base).href;
  frame.title = script.getAttribute("data-title") || "社会救助自测";
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-popups allow-modals");
  frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
  frame.setAttribute("scrolling", "no");
  frame.style.cssText = "display:block;width:100%;max-width:100%;height:640px;border:0;overflow:hidden;background:transparent";
  script.parentNode.insertBefore(frame, script.nextSibling);

  function isMessage(data) {
    if (!data || typeof data !== "object") return false;
    if (data.source !== "mingbai") return false;
    if (data.type === "height") {
      return typeof data.height === "number" && isFinite(data.height) && data.height > 0 && data.height <= MAX_HEIGHT;
    }
    return data.type === "ready" || data.type === "result";
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== embedOrigin || event.source !== frame.contentWindow) return;
    if (!isMessage(event.data)) return;
    if (event.data.type === "height") {
      frame.style.height = Math.ceil(event.data.height) + "px";
    } else {
      frame.dispatchEvent(new CustomEvent("mingbai:" + event.data.type, { bubbles: true }));
    }
  });
})();
