/* Mingbai's few lines of page behaviour that mkdocs-material has no setting for:
   - the home page's place picker, remembered on this device (localStorage);
   - the read-aloud button on guides, shown only where the browser has a Chinese voice.
   The 长辈模式 switch is mkdocs-material's own palette toggle (remembered by the theme).
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

  function chineseVoice() {
    if (!("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") return null;
    var voices = window.speechSynthesis.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (/^(zh|cmn)([-_]|$)/i.test(voices[i].lang || "")) return voices[i];
    }
    return null;
  }

  function readableText(article) {
    var copy = article.cloneNode(true);
    copy.querySelectorAll("[data-mb-readaloud], .mb-cites, .headerlink, script, style").forEach(function (n) {
      n.remove();
    });
    return (copy.innerText || copy.textContent || "").replace(/\s+/g, " ").trim();
  }

  function setupReadAloud(root) {
    var button = root.querySelector("[data-mb-readaloud]");
    if (!button) return;
    var article = root.querySelector("article") || document.body;
    var speaking = false;
    var label = button.textContent;

    function stop() {
      window.speechSynthesis.cancel();
      speaking = false;
      button.textContent = label;
      button.setAttribute("aria-pressed", "false");
    }

    function reveal() {
      if (chineseVoice()) button.hidden = false;
    }

    button.addEventListener("click", function () {
      if (speaking) return stop();
      var voice = chineseVoice();
      if (!voice) return;
      // Long utterances get cut off in some browsers: queue one sentence at a time.
      var parts = readableText(article).match(/[^。！？；]+[。！？；]?/g) || [];
      parts.forEach(function (part, i) {
        var u = new SpeechSynthesisUtterance(part);
        u.voice = voice;
        u.lang = voice.lang;
        u.rate = 0.9;
        if (i === parts.length - 1) u.onend = stop;
        window.speechSynthesis.speak(u);
      });
      speaking = true;
      button.textContent = "停止朗读";
      button.setAttribute("aria-pressed", "true");
    });

    reveal();
    if ("speechSynthesis" in window && window.speechSynthesis.addEventListener) {
      window.speechSynthesis.addEventListener("voiceschanged", reveal);
    }
    window.addEventListener("pagehide", function () { if (speaking) stop(); });
  }

  function nameSearchDialog() {
    // The theme's search panel is a role="dialog" without a name; screen readers need one.
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "搜索");
  }

  function init() {
    nameSearchDialog();
    setupPicker(document);
    setupReadAloud(document);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
