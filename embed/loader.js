/* Mingbai embed loader: the one script an office pastes into its own page.
 *
 *   <a href="https://SITE/screener/?j=zongyang" data-mingbai-fallback>社会救助自测：看看能领哪些救助</a>
 *   <script src="https://SITE/embed.js" data-j="zongyang" data-township="…" async></script>
 *
 * It puts the chrome-less screener (SITE/embed/) in a sandboxed iframe right after this script
 * tag. The link before it stays until the frame says it is showing the questions, so a page whose
 * Content-Security-Policy blocks our script or our frame still offers the screener as a link.
 *
 * The frame's height says nothing about the answers: it is set here from the host page's own
 * window height (never from the content) and the questions scroll inside the frame. The frame
 * only ever tells us three events (shown, ready, result) — never an answer — and we accept messages
 * only from the embed origin, only from our own iframe, only of those shapes.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src || !script.parentNode) return;  // removed before it ran: nothing to do
  var base = new URL(".", script.src);
  var embedOrigin = base.origin;

  var params = new URLSearchParams();
  var settings = { j: "j", township: "township", theme: "theme", programs: "programs", elder: "elder" };
  Object.keys(settings).forEach(function (attr) {
    var value = script.getAttribute("data-" + attr);
    if (value) params.set(settings[attr], value);
  });
  params.set("host", window.location.origin);

  var before = script.previousElementSibling;
  var fallback = before && before.hasAttribute("data-mingbai-fallback") ? before : null;

  var frame = document.createElement("iframe");
  frame.src = new URL("embed/?" + params.toString(), base).href;
  frame.title = script.getAttribute("data-title") || "社会救助自测";
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-popups " +
    "allow-popups-to-escape-sandbox allow-modals");
  frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
  frame.style.cssText = "display:block;width:100%;max-width:100%;border:0;background:transparent";

  // One height for the whole visit, from the host window only: most of a phone screen.
  function fit() {
    var h = Math.round(Math.min(Math.max((window.innerHeight || 640) - 24, 480), 860));
    frame.style.height = h + "px";
  }
  fit();
  window.addEventListener("resize", fit);
  script.parentNode.insertBefore(frame, script.nextSibling);

  function giveUp() {
    if (frame.parentNode) frame.parentNode.removeChild(frame);
    if (fallback) fallback.hidden = false;
  }
  // The host's CSP refused our frame: say so with the link instead of an empty box.
  document.addEventListener("securitypolicyviolation", function (event) {
    if (event.blockedURI && event.blockedURI.indexOf(embedOrigin) === 0) giveUp();
  });

  function isMessage(data) {
    return !!data && typeof data === "object" && data.source === "mingbai" &&
      (data.type === "shown" || data.type === "ready" || data.type === "result");
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== embedOrigin || event.source !== frame.contentWindow) return;
    if (!isMessage(event.data)) return;
    if (event.data.type === "shown") {
      if (fallback) fallback.hidden = true;
    } else {
      frame.dispatchEvent(new CustomEvent("mingbai:" + event.data.type, { bubbles: true }));
    }
  });
})();
