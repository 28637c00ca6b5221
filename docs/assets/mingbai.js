/* Mingbai's few lines of page behaviour that mkdocs-material has no setting for:
   - the home page's place picker, remembered on this device (localStorage);
   - the header's menu button reachable by keyboard.
   长辈模式 is docs/assets/elder.js, 朗读 docs/assets/readaloud.js.
   Nothing here talks to the network. */
(function () {
  "use strict";
  var KEY = "mingbai.jurisdiction";

  function store(get, value) {
    try {
      if (get) return window.localStorage.getItem(KEY);
      window.localStorage.setItem(KEY, value);
    } catch (e) { /* storage switched off: the picker still works for this visit */ }
    return null;
  }

  function setupPicker(root) {
    var picker = root.querySelector("[data-mb-picker]");
    if (!picker) return;
    var places = picker.querySelectorAll("[data-jurisdiction]");
    var chosen = picker.querySelector("[data-mb-chosen]");
    var chosenName = picker.querySelector("[data-mb-chosen-name]");
    var actions = root.querySelectorAll(".mb-action");

    function choose(id) {
      var name = null;
      places.forEach(function (a) {
        var on = a.getAttribute("data-jurisdiction") === id;
        a.setAttribute("aria-pressed", on ? "true" : "false");
        if (on) name = a.textContent;
      });
      if (name === null) return false;
      actions.forEach(function (a) {
        var url = a.getAttribute("data-href-" + id);
        if (url) a.setAttribute("href", url);
      });
      if (chosen) {
        chosenName.textContent = name;
        chosen.hidden = false;
      }
      return true;
    }

    places.forEach(function (a) {
      a.setAttribute("role", "button");
      a.setAttribute("aria-pressed", "false");
      a.addEventListener("click", function (event) {
        event.preventDefault();
        var id = a.getAttribute("data-jurisdiction");
        if (choose(id)) store(false, id);
      });
    });
    var remembered = store(true);
    if (remembered) choose(remembered);
  }

  function menuByKeyboard() {
    // The theme's menu button is a <label> for the drawer's checkbox: give it a button's role and keys.
    var label = document.querySelector('.md-header label[for="__drawer"]');
    var drawer = document.getElementById("__drawer");
    if (!label || !drawer || label.hasAttribute("tabindex")) return;
    label.setAttribute("tabindex", "0");
    label.setAttribute("role", "button");
    label.setAttribute("aria-label", "导航菜单");
    var show = function () { label.setAttribute("aria-expanded", drawer.checked ? "true" : "false"); };
    show();
    drawer.addEventListener("change", show);
    label.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      event.stopPropagation();   // the theme's own key handling would close the drawer again
      drawer.checked = !drawer.checked;
      drawer.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function nameSearchDialog() {
    // The theme's search panel is a role="dialog" without a name; screen readers need one.
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "搜索");
  }

  function init() {
    nameSearchDialog();
    setupPicker(document);
    menuByKeyboard();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
