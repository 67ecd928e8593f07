(function () {
  "use strict";
  var view = document.getElementById("_timelinejs-view");
  if (typeof window.TL === "undefined" || !window.TL.Timeline) {
    return;
  }
  var options = JSON.parse(document.getElementById("_timelinejs-options").textContent);
  var slides = JSON.parse(document.getElementById("_timelinejs-data").textContent);
  view.hidden = false;
  window.timelineView = new window.TL.Timeline("_timelinejs", slides, options);
})();
