/* 长辈模式 (elder mode): larger text and larger buttons, on every page and in the embed frame.
 *
 * Loaded in <head>, before anything is drawn, so a page never flashes in the small size:
 * - ?elder=1 / ?elder=0 in any address sets the mode and remembers it on this device, so an
 *   office can hand out a link that opens in 长辈模式;
 * - otherwise the remembered choice (localStorage) applies;
 * - every [data-mb-elder-toggle] button switches it; aria-pressed says the state, and a
 *   polite status line says what just happened.
 * The mode is the attribute data-mb-mode="elder" on <html>; the styles key on it.
 * Nothing here talks to the network.
 */
(function () {
  "use strict";
  var KEY = "mingbai.elder";
  var root = document.documentElement;

  function remembered() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function remember(on) {
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* storage off: this page only */ }
  }

  function isOn() {
    return root.getAttribute("data-mb-mode") === "elder";
  }

  function apply(on) {
    if (on) root.setAttribute("data-mb-mode", "elder");
    else root.removeAttribute("data-mb-mode");
  }

  var asked = /[?&]elder=([01])(?:&|#|$)/.exec(window.location.search);
  if (asked) remember(asked[1] === "1");
  apply(asked ? asked[1] === "1" : remembered() === "1");

  function show() {
    var on = isOn();
    var toggles = document.querySelectorAll("[data-mb-elder-toggle]");
    for (var i = 0; i < toggles.length; i++) toggles[i].setAttribute("aria-pressed", on ? "true" : "false");
  }

  function announce(on) {
    var status = document.querySelector("[data-mb-elder-status]");
    if (!status) {
      status = document.createElement("p");
      status.className = "mb-elder-status";
      status.setAttribute("data-mb-elder-status", "");
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    status.textContent = on ? "已打开长辈模式：字和按钮都变大了。" : "已回到标准模式。";
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var toggle = target && target.closest ? target.closest("[data-mb-elder-toggle]") : null;
    if (!toggle) return;
    event.preventDefault();
    var on = !isOn();
    apply(on);
    remember(on);
    show();
    announce(on);
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
  // A page restored from the back/forward cache shows the choice made on another page since.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { apply(remembered() === "1"); show(); }
  });
})();
