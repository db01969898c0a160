// The map page's watch over its map (issue 8, item 6): the map is drawn inside streamlit-folium's frame by Leaflet,
// which the frame loads from a CDN. Where that CDN is blocked or down the frame stays empty and 0 px tall, and
// nothing of the map's own code runs to say so. This script runs in the page (st.html, loaders.map_note_html),
// finds the map's frame, gives it a descriptive title and, when no map has been drawn in it after a grace period,
// shows the note's message; it hides the message again if the map turns up later (a slow network, not a blocked one).
//
// Pure parts first (tested with `node --test tests/js/`), then the part that touches the page.

(function (root) {
  'use strict';

  // What the page should show, from what the watch has seen: 'ready' (a map is drawn: hide the message),
  // 'waiting' (give Leaflet time) or 'missing' (show the message).
  function mapState(seen) {
    if (seen.drawn) { return 'ready'; }
    return seen.elapsedMs >= seen.graceMs ? 'missing' : 'waiting';
  }

  // Whether a map has been drawn in a frame's window: geo/mapping.py's script sets window.kbMap once Leaflet has
  // built the map. Reading another origin's window throws; that is no map of ours.
  function drawnIn(frameWindow) {
    try { return Boolean(frameWindow && frameWindow.kbMap); } catch (e) { return false; }
  }

  // Watch the page: `note` is the element with data-kb-frame (a selector for the map's frame), data-kb-grace-ms and
  // data-kb-frame-title; its [data-kb-missing] child is the message. The watch runs while the note is in the page:
  // Streamlit may replace the frame (a new corpus remounts it), and each new frame gets its grace period and the
  // descriptive title (streamlit-folium's frame is titled "streamlit_folium.st_folium", which a screen reader reads
  // out). Returns a function that stops the watch.
  function watch(note, clock) {
    var frameSelector = note.getAttribute('data-kb-frame');
    var frameTitle = note.getAttribute('data-kb-frame-title');
    var graceMs = Number(note.getAttribute('data-kb-grace-ms')) || 8000;
    var message = note.querySelector('[data-kb-missing]');
    var doc = note.ownerDocument, seenFrame = null, seenAt = clock.now(), timer = null;
    var check = function () {
      if (!note.isConnected) { clock.stop(timer); return; }
      var frame = doc.querySelector(frameSelector);
      if (frame !== seenFrame) { seenFrame = frame; seenAt = clock.now(); }
      if (frame && frameTitle && frame.getAttribute('title') !== frameTitle) { frame.setAttribute('title', frameTitle); }
      var state = mapState({drawn: drawnIn(frame && frame.contentWindow), elapsedMs: clock.now() - seenAt,
                            graceMs: graceMs});
      if (message) { message.hidden = state !== 'missing'; }
      note.setAttribute('data-kb-map-state', state);
    };
    timer = clock.every(1000, check);
    check();
    return function () { clock.stop(timer); };
  }

  var api = {mapState: mapState, drawnIn: drawnIn, watch: watch};
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
    return;
  }
  // In the page: one watch at a time (a rerun that mounts the note again replaces the last one).
  var note = root.document.currentScript && root.document.currentScript.previousElementSibling;
  if (root.kbStopMapWatch) { root.kbStopMapWatch(); }
  if (note && note.hasAttribute('data-kb-frame')) {
    root.kbStopMapWatch = watch(note, {
      now: function () { return Date.now(); },
      every: function (ms, fn) { return root.setInterval(fn, ms); },
      stop: function (id) { root.clearInterval(id); }
    });
  }
})(this);
