(function () {
  "use strict";
  var form = document.getElementById("_filters");
  var data = JSON.parse(document.getElementById("_data").textContent);
  var byId = new Map();
  data.events.forEach(function (info) { byId.set(info.id, info); });
  var query = document.getElementById("_q");
  var status = document.getElementById("_status");
  var tag = document.getElementById("_tag");
  var actor = document.getElementById("_actor");
  var count = document.getElementById("_count");
  var events = Array.prototype.slice.call(document.querySelectorAll("main article.event"));
  var texts = events.map(function (element) { return element.textContent.toLocaleLowerCase(); });
  var sections = Array.prototype.slice.call(document.querySelectorAll("main section.events")).reverse();
  function has(list, value) { return !value || list.indexOf(value) >= 0; }
  function apply() {
    var needle = query.value.trim().toLocaleLowerCase();
    var shown = 0;
    events.forEach(function (element, index) {
      var info = byId.get(element.id) || { tags: [], actors: [] };
      var visible = (!needle || texts[index].indexOf(needle) >= 0) &&
        (!status.value || element.getAttribute("data-status") === status.value) &&
        has(info.tags, tag.value) && has(info.actors, actor.value);
      element.hidden = !visible;
      if (visible) { shown += 1; }
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("article.event:not([hidden])");
    });
    count.textContent = data.shown.replace("{shown}", String(shown)).replace("{total}", String(events.length));
  }
  function reveal() {
    var id;
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return;  // a link typed by hand, not one to an event of the page
    }
    var target = id ? document.getElementById(id) : null;
    if (target && target.closest("[hidden]")) {
      form.reset();
      apply();
      target.scrollIntoView();
    }
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  window.addEventListener("hashchange", reveal);
  document.getElementById("_filters-box").hidden = false;
  apply();
  reveal();
})();
