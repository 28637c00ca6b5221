/* 朗读 (read aloud) with the phone's own Chinese voice: on the guides, the offices pages and the
 * screener's answer (in the embed too).
 *
 * A [data-mb-readaloud] button reads the element named by its data-mb-read selector (the page's
 * <article> if none): the words a resident needs, without the 依据 links, the 示例 marks, the quoted
 * clauses or the 政策依据 section; an element with data-mb-say is read as that text (a sentence
 * that points at a mark on the screen). Where the phone has no Chinese voice the button stays, and a tap
 * says so in words instead of doing nothing. Speech never leaves the phone.
 */
(function () {
  "use strict";
  var NO_VOICE = "这部手机没有中文朗读语音，所以读不了。可以请家人在手机的“设置”里添加中文的“文字转语音”。";
  // What is not read: citations, marks, quotes, buttons, and whatever a page marks data-mb-noread.
  var SKIP = "[data-mb-readaloud], [data-mb-readaloud-note], [data-mb-noread], .mb-cite, .mb-cites, .mb-example, " +
    ".mbs-cite, .mbs-quote, .headerlink, [hidden], script, style, template, button";

  function speech() {
    return "speechSynthesis" in window && typeof SpeechSynthesisUtterance !== "undefined" ? window.speechSynthesis : null;
  }

  function chineseVoice() {
    var s = speech();
    var voices = (s && s.getVoices()) || [];
    for (var i = 0; i < voices.length; i++) {
      if (/^(zh|cmn)([-_]|$)/i.test(voices[i].lang || "")) return voices[i];
    }
    return null;
  }

  function readableText(target) {
    var copy = target.cloneNode(true);
    // The 政策依据 section (the documents' own words) and everything after it.
    var basis = copy.querySelector("#basis");
    if (basis) {
      while (basis.nextSibling) basis.parentNode.removeChild(basis.nextSibling);
      basis.parentNode.removeChild(basis);
    }
    copy.querySelectorAll("[data-mb-say]").forEach(function (n) {
      n.replaceWith(document.createTextNode(" " + n.getAttribute("data-mb-say") + " "));
    });
    copy.querySelectorAll(SKIP).forEach(function (n) { n.remove(); });
    return (copy.textContent || "").replace(/\s+/g, " ").trim();
  }

  function note(button, text) {
    var p = button.parentNode.querySelector("[data-mb-readaloud-note]");
    if (!p) {
      p = document.createElement("p");
      p.className = "mb-readaloud-note";
      p.setAttribute("data-mb-readaloud-note", "");
      p.setAttribute("role", "status");
      button.insertAdjacentElement("afterend", p);
    }
    p.textContent = text;
    p.hidden = !text;
  }

  function setup(button) {
    if (button.hasAttribute("data-mb-readaloud-ready")) return;
    button.setAttribute("data-mb-readaloud-ready", "");
    button.hidden = false;
    var label = button.textContent;
    var speaking = false;

    function stop() {
      var s = speech();
      if (s) s.cancel();
      speaking = false;
      button.textContent = label;
      button.setAttribute("aria-pressed", "false");
    }

    function speak(voice) {
      var selector = button.getAttribute("data-mb-read");
      var target = (selector && document.querySelector(selector)) || document.querySelector("article") || document.body;
      // Long utterances get cut off in some browsers: one sentence at a time.
      var parts = readableText(target).match(/[^。！？；]+[。！？；]?/g) || [];
      parts.forEach(function (part, i) {
        var u = new SpeechSynthesisUtterance(part);
        u.voice = voice;
        u.lang = voice.lang;
        u.rate = 0.9;
        if (i === parts.length - 1) u.onend = stop;
        speech().speak(u);
      });
      speaking = true;
      button.textContent = "停止朗读";
      button.setAttribute("aria-pressed", "true");
    }

    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      if (speaking) return stop();
      var voice = chineseVoice();
      if (voice) { note(button, ""); return speak(voice); }
      // Some phones list their voices only a moment after the page asks.
      window.setTimeout(function () {
        var later = chineseVoice();
        if (later) { note(button, ""); speak(later); } else note(button, NO_VOICE);
      }, 400);
    });
    window.addEventListener("pagehide", function () { if (speaking) stop(); });
  }

  function init() {
    document.querySelectorAll("[data-mb-readaloud]").forEach(setup);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
