/* The 嵌入 page: pick jurisdiction, township, colour and programmes; see a live preview;
 * copy one snippet. Choices are read from the JSON the build put in the page. */
(function () {
  "use strict";
  var form = document.getElementById("mb-embed-form");
  if (!form) return;
  var data = JSON.parse(document.getElementById("mb-embed-data").textContent);
  var siteRoot = new URL(form.getAttribute("data-site-root"), window.location.href).href;
  var j = form.elements.namedItem("j");
  var township = form.elements.namedItem("township");
  var theme = form.elements.namedItem("theme");
  var elder = form.elements.namedItem("elder");
  var preview = document.getElementById("mb-embed-preview");  // the loader itself draws the preview
  var scriptOut = document.getElementById("mb-embed-script");
  var iframeOut = document.getElementById("mb-embed-iframe");

  function fillTownships() {
    var offices = (data.offices[j.value] || []);
    township.innerHTML = "";
    var none = document.createElement("option");
    none.value = "";
    none.textContent = "不指定（由居民选择）";
    township.appendChild(none);
    offices.forEach(function (o) {
      var option = document.createElement("option");
      option.value = o.id;
      option.textContent = o.name;
      township.appendChild(option);
    });
  }

  function chosenPrograms() {
    var boxes = form.querySelectorAll('input[name="programs"]');
    var all = true, chosen = [];
    boxes.forEach(function (b) { if (b.checked) chosen.push(b.value); else all = false; });
    return all ? [] : chosen;
  }

  function escapeAttr(value) {
    return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  function update() {
    var settings = { j: j.value, township: township.value, theme: theme.value, programs: chosenPrograms().join(","),
                     elder: elder.checked ? "1" : "" };
    var attrs = "", query = new URLSearchParams();
    Object.keys(settings).forEach(function (k) {
      if (!settings[k]) return;
      attrs += " data-" + k + '="' + escapeAttr(settings[k]) + '"';
      query.set(k, settings[k]);
    });
    var screenerUrl = new URL("screener/?j=" + encodeURIComponent(j.value), siteRoot).href;
    scriptOut.value = '<a href="' + escapeAttr(screenerUrl) + '" data-mingbai-fallback target="_blank" rel="noopener">' +
      "社会救助自测：看看能领哪些救助</a>\n" +
      '<script src="' + new URL("embed.js", siteRoot).href + '"' + attrs + " async></scr" + "ipt>";
    var frameUrl = new URL("embed/?" + query.toString(), siteRoot).href;
    iframeOut.value = '<iframe src="' + escapeAttr(frameUrl) + '" title="社会救助自测" style="width:100%;height:720px;border:0"' +
      ' sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-modals">' +
      '<a href="' + escapeAttr(screenerUrl) + '">社会救助自测：看看能领哪些救助</a></iframe>';
    preview.innerHTML = "";
    var loader = document.createElement("script");
    loader.src = new URL("embed.js", siteRoot).href;
    Object.keys(settings).forEach(function (k) { if (settings[k]) loader.setAttribute("data-" + k, settings[k]); });
    preview.appendChild(loader);
  }

  function copy(button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    var done = function () {
      button.textContent = "已复制";
      setTimeout(function () { button.textContent = "复制代码"; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(target.value).then(done, function () { target.select(); });
    } else {
      target.select();
      document.execCommand("copy");
      done();
    }
  }

  j.addEventListener("change", function () { fillTownships(); update(); });
  form.addEventListener("change", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  document.querySelectorAll("[data-copy]").forEach(function (b) {
    b.addEventListener("click", function () { copy(b); });
  });
  fillTownships();
  update();
})();
