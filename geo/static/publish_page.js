// The published page's own control (python -m geo publish): a day slider with previous, next and play, the day shown
// large, what changed that day with its sources, and the address's fragment (#date=YYYY-MM-DD&place=<id or name>),
// which opens a day and a place and follows what is on screen, so a copied address is a link to that view. The map
// itself is drawn by handover_map.js from the same data object as the app's map (geo.publish sends both).
//
// Pure parts first (tested with `node --test tests/js/`), then `start`, which touches Leaflet and the page.

(function (root) {
  'use strict';

  var DAY_MS = 864e5;
  var ISO_DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
  var MAX_QUOTED = 40;  // a message quotes at most this much of what the address asked for

  // Invisible format characters a name may carry (soft hyphen, zero-width space and joiners, bidi marks, BOM), and
  // letters without a decomposition: as geo.names.normalise treats them (a test compares the two on every alias).
  var FORMAT_CHARS = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;
  var SPECIAL_FOLDS = {'ə': 'e', 'ı': 'i', 'ł': 'l', 'ø': 'o', 'đ': 'd', 'ß': 's', 'æ': 'e', 'œ': 'e',
                       '\u2019': "'", '\u2018': "'", '\u02bc': "'", '`': "'"};

  // The key a name is looked up by: lower case, no diacritics, punctuation and spaces collapsed (geo.names.normalise).
  function normaliseKey(text) {
    var folded = Array.from(String(text).normalize('NFC').replace(FORMAT_CHARS, '')).map(function (c) {
      var lower = Array.from(c.toLowerCase())[0];  // one letter in, one out ("İ" lowers to two code points)
      if (Object.prototype.hasOwnProperty.call(SPECIAL_FOLDS, lower)) { return SPECIAL_FOLDS[lower]; }
      var base = lower.normalize('NFKD');
      return base && !/\p{M}/u.test(base[0]) ? base[0] : lower;
    }).join('');
    return folded.replace(/[^\p{L}\p{N}_*]+/gu, ' ').trim();
  }

  // The day `offset` days after `start` (both ISO), and back.
  function dayAt(start, offset) { return new Date(Date.parse(start) + offset * DAY_MS).toISOString().slice(0, 10); }
  function offsetOf(start, day) { return Math.round((Date.parse(day) - Date.parse(start)) / DAY_MS); }

  function quoted(value) { return value.length > MAX_QUOTED ? value.slice(0, MAX_QUOTED) + '\u2026' : value; }

  // What a fragment asks for: {day (ISO or null), place (a marker id or null), problems: [plain text]}. `days` is
  // {start, count} of the map's days; `places` maps a name's key (normaliseKey) to its marker id. Anything else in
  // the fragment is ignored; a value that is not a day of the map or not a place gets a problem, quoting it (short).
  function parseHash(hash, days, places) {
    var found = {day: null, place: null, problems: []}, params;
    try { params = new URLSearchParams(String(hash || '').replace(/^#/, '')); } catch (e) { return found; }
    var date = params.get('date'), place = params.get('place');
    if (date !== null && date !== '') {
      var offset = ISO_DAY.test(date) && !isNaN(Date.parse(date)) ? offsetOf(days.start, date) : NaN;
      if (offset >= 0 && offset < days.count && dayAt(days.start, offset) === date) {
        found.day = date;
      } else {
        found.problems.push('#date=' + quoted(date) + ' is not a day of this map (' + days.start + ' to '
                            + dayAt(days.start, days.count - 1) + ', as YYYY-MM-DD).');
      }
    }
    if (place !== null && place !== '') {
      var key = normaliseKey(place);
      if (Object.prototype.hasOwnProperty.call(places, key)) {
        found.place = places[key];
      } else {
        found.problems.push('#place=' + quoted(place) + ' is not a place on this map.');
      }
    }
    return found;
  }

  // The fragment for a view.
  function formatHash(day, place) {
    return '#date=' + encodeURIComponent(day) + (place ? '&place=' + encodeURIComponent(place) : '');
  }

  // The next day's offset while playing, or -1 to stop (played to the last day).
  function playStep(offset, count) { return offset + 1 < count ? offset + 1 : -1; }

  var api = {normaliseKey: normaliseKey, dayAt: dayAt, offsetOf: offsetOf, parseHash: parseHash,
             formatHash: formatHash, playStep: playStep};

  // The page: `data` is geo.publish's object: {map (handover_map.js's data), changes {day: HTML}, noChange (HTML),
  // places {key: marker id}, basemaps [{name, url, attribution (HTML), maxZoom}], playMs, firstDay}.
  function start(data) {
    var L = root.L, doc = root.document, handover = root.kbHandoverMap;
    var table = data.map.table, days = {start: table.start, count: table.days};
    var $ = function (id) { return doc.getElementById(id); };
    var slider = $('kb-slider'), dayOut = $('kb-day'), changes = $('kb-changes-list'), count = $('kb-changes-count');
    var notice = $('kb-notice'), play = $('kb-play'), prev = $('kb-prev'), next = $('kb-next');

    var map = L.map('kb-map', {zoomSnap: 0.25, zoomControl: true});
    map.fitBounds(data.map.bounds, {animate: false});  // a view before any layer (handover_map.js fits it again)
    L.control.scale().addTo(map);
    // No basemap at first: the page asks nothing of any server until a reader picks one (a news site's readers are
    // not sent to a tile server unasked, and OpenStreetMap's tile policy is not for a large audience).
    var layers = {'No basemap': L.layerGroup().addTo(map)};
    data.basemaps.forEach(function (b) {
      layers[b.name] = L.tileLayer(b.url, {attribution: b.attribution, maxZoom: b.maxZoom});
    });
    L.control.layers(layers, {}, {collapsed: true}).addTo(map);
    handover.init(map, data.map);

    var offset = 0, place = null, timer = null, applying = false;
    function writeHash() {
      var hash = formatHash(dayAt(days.start, offset), place);
      if (root.location.hash !== hash) { root.history.replaceState(null, '', hash); }
    }
    function show(to) {
      offset = Math.max(0, Math.min(days.count - 1, to));
      var day = dayAt(days.start, offset), text = data.map.dayTexts[offset];
      root.kbApply(root.kbStateFor(day));
      doc.documentElement.setAttribute('data-day', day);
      dayOut.textContent = text;
      slider.value = String(offset);
      slider.setAttribute('aria-valuetext', text);
      var html = data.changes[day];
      changes.innerHTML = html || data.noChange;  // escaped in Python (geo.publish)
      count.textContent = html ? '(' + (html.match(/class="kb-change"/g) || []).length + ')' : '(none)';
      prev.disabled = offset === 0;
      next.disabled = offset === days.count - 1;
      writeHash();
    }
    function stop() {
      if (timer) { root.clearInterval(timer); timer = null; }
      play.textContent = 'Play';
      play.setAttribute('aria-label', 'Play: step one day at a time to the last day');
    }
    function toggle() {
      if (timer) { stop(); return; }
      if (offset === days.count - 1) { show(0); }
      play.textContent = 'Pause';
      play.setAttribute('aria-label', 'Pause');
      timer = root.setInterval(function () {
        var step = playStep(offset, days.count);
        if (step < 0) { stop(); } else { show(step); }
      }, data.playMs);
    }
    function openFromHash() {
      var asked = parseHash(root.location.hash, days, data.places);
      notice.textContent = asked.problems.join(' ');
      notice.hidden = !asked.problems.length;
      show(asked.day ? offsetOf(days.start, asked.day) : offsetOf(days.start, data.firstDay));
      if (asked.place) {
        applying = true;
        root.kbOpenPlace(asked.place);
        applying = false;
        place = asked.place;
        writeHash();
      }
    }

    slider.max = String(days.count - 1);
    slider.addEventListener('input', function () { stop(); show(Number(slider.value)); });
    prev.addEventListener('click', function () { stop(); show(offset - 1); });
    next.addEventListener('click', function () { stop(); show(offset + 1); });
    play.addEventListener('click', toggle);
    map.on('popupopen', function (event) {
      var source = event.popup._source;
      if (source && source.kbId) { place = source.kbId; if (!applying) { writeHash(); } }
    });
    map.on('popupclose', function (event) {
      var source = event.popup._source;
      if (source && source.kbId === place) { place = null; writeHash(); }
    });
    root.addEventListener('hashchange', function () {
      if (root.location.hash !== formatHash(dayAt(days.start, offset), place)) { stop(); openFromHash(); }
    });
    openFromHash();
    var details = $('kb-changes');
    if (details && root.innerWidth >= 700) { details.open = true; }
  }

  api.start = start;
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
    return;
  }
  root.kbPublishedPage = api;
})(typeof window !== 'undefined' ? window : this);
