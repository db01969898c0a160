// The handover map's own code in the browser: draws the districts, the corridor, the markers, their labels and the
// legend on a Leaflet map, and recolours them for a day. geo/mapping.py (base_script) sends this file with one JSON
// object of data (its fields are listed at `init`); everything in that object that reaches the page as HTML was
// escaped in Python (geo.markup).
//
// Pure parts first (tested with `node --test tests/js/`), then `init`, the part that touches Leaflet and the page.

(function (root) {
  'use strict';

  var DAY_MS = 864e5;

  // An encoded polyline (precision 1e-decimals; geo.mapping.encode_ring) as [lat, lon] pairs.
  function decode(text, decimals) {
    var points = [], index = 0, lat = 0, lon = 0, factor = Math.pow(10, decimals);
    function next() {
      var result = 0, shift = 0, byte;
      do { byte = text.charCodeAt(index++) - 63; result |= (byte & 31) << shift; shift += 5; } while (byte >= 32);
      return (result & 1) ? ~(result >> 1) : (result >> 1);
    }
    while (index < text.length) {
      lat += next(); lon += next();
      points.push([lat / factor, lon / factor]);
    }
    return points;
  }

  // The run in force at `offset` among runs sorted by their first offset (each run is [first offset, ...]).
  function runAt(runs, offset) {
    var found = null;
    for (var i = 0; i < runs.length && runs[i][0] <= offset; i++) { found = runs[i]; }
    return found;
  }

  // A day's state (as geo.mapping.day_state gives it, with `tip` for the tooltip) rebuilt from the table's runs
  // (DayTable.compact); null for a day outside the table or not a date.
  function stateFor(table, day) {
    var offset = Math.round((Date.parse(day) - Date.parse(table.start)) / DAY_MS);
    if (!(offset >= 0 && offset < table.days)) { return null; }
    var state = {day: day, districts: {}, places: {}, corridor: runAt(table.corridor, offset)[1] === 1};
    Object.keys(table.districts).forEach(function (id) {
      var run = runAt(table.districts[id], offset);
      if (!run || run.length < 3) { return; }
      var style = table.styles[run[1]];
      state.districts[id] = {control: run[1], fill: style.fill, line: style.line, dash: style.dash,
                             label: style.short, tip: run[2]};
    });
    Object.keys(table.places).forEach(function (id) {
      var run = runAt(table.places[id], offset);
      if (run && run.length > 1) { state.places[id] = {control: run[1], fill: table.styles[run[1]].fill}; }
    });
    return state;
  }

  // A popup's HTML from its parts (geo.mapping.popup_parts, the same output as popup_html): escaped HTML strings,
  // lists of quotes [sentence HTML, [citation index, ...]] citing the map's list of citations, and {place: id}, where
  // `tools` (optional) puts the link to the place on the day shown and its citation.
  function popupHtml(parts, citations, tools) {
    return parts.map(function (part) {
      if (typeof part === 'string') { return part; }
      if (!Array.isArray(part)) { return tools ? tools(part.place) : ''; }
      return '<ul>' + part.map(function (item) {
        return '<li>\u201c' + item[0] + '\u201d<br><small>'
               + item[1].map(function (i) { return citations[i]; }).join('; ') + '</small></li>';
      }).join('') + '</ul>';
    }).join('');
  }

  // Text for HTML (an element's content or a quoted attribute).
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }

  // A date as the app writes it (geo.timeline.day_text): "3 Dec 2026".
  function dayText(date, months) {
    return date.getDate() + ' ' + months[date.getMonth()] + ' ' + date.getFullYear();
  }

  // The address of a place on a day: the app's page with ?date=&place= (mode 'query'), or a published page with
  // #date=&place= (mode 'hash'). `base` is the page's address without its query and fragment.
  function placeUrl(base, mode, day, id) {
    var params = 'date=' + encodeURIComponent(day) + (id ? '&place=' + encodeURIComponent(id) : '');
    return base + (mode === 'hash' ? '#' : '?') + params;
  }

  // A citation of the map showing a place on a day, in the form a reference list takes: title, what and when, the
  // address, the day it was read.
  function citationText(title, place, day, url, accessed) {
    return title + ': ' + place + ', ' + day + '. ' + url + ' (accessed ' + accessed + ').';
  }

  // The popup's last part: a link to the place on the day shown, and its citation in a field to copy from.
  function placeToolsHtml(url, citation) {
    return '<div class="kb-place-tools"><a href="' + escapeHtml(url) + '" target="_blank" rel="noopener noreferrer" '
      + 'class="kb-place-link">Link to this place on this day</a>'
      + '<label class="kb-cite">Cite this view<textarea readonly rows="4">' + escapeHtml(citation)
      + '</textarea></label><span class="kb-copy-row">'
      + '<button type="button" data-kb-copy="link">Copy link</button> '
      + '<button type="button" data-kb-copy="cite">Copy citation</button>'
      + '<span class="kb-copied" role="status"></span></span></div>';
  }

  // Where labels go so that none covers another or a marker (issue 9, item 7). `items` are labels in screen pixels:
  // {id, x, y (centre at offset 0), w, h, rank (higher is placed first), offsets: [[dx, dy], ...] to try in order}.
  // `obstacles` are boxes {left, top, right, bottom} nothing may cover (the markers). Returns {id: [dx, dy]} for the
  // labels shown and {id: null} for those hidden: a label that fits nowhere is hidden rather than drawn over another.
  // Greedy by rank: a few dozen labels, so the pairwise test is cheap.
  function placeLabels(items, obstacles, gap) {
    var margin = gap || 0, placed = [], result = {};
    function overlaps(a, b) {
      return a.left < b.right + margin && b.left < a.right + margin && a.top < b.bottom + margin
             && b.top < a.bottom + margin;
    }
    items.slice().sort(function (a, b) { return b.rank - a.rank || (a.id < b.id ? -1 : 1); })
      .forEach(function (item) {
        result[item.id] = null;
        for (var i = 0; i < item.offsets.length; i++) {
          var box = labelBox(item, item.offsets[i]);
          var clear = obstacles.every(function (o) { return !overlaps(box, o); })
                      && placed.every(function (o) { return !overlaps(box, o); });
          if (clear) { placed.push(box); result[item.id] = item.offsets[i]; return; }
        }
      });
    return result;
  }

  // The box a label covers at an offset from its point.
  function labelBox(item, offset) {
    var x = item.x + offset[0], y = item.y + offset[1];
    return {left: x - item.w / 2, right: x + item.w / 2, top: y - item.h / 2, bottom: y + item.h / 2};
  }

  // Whether [lat, lon] lies inside a polygon given as rings of [lat, lon] (the first ring its outline, the others its
  // holes), or inside any of a list of such polygons (even-odd rule).
  function inRing(point, ring) {
    var inside = false, y = point[0], x = point[1];
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var yi = ring[i][0], xi = ring[i][1], yj = ring[j][0], xj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }
  function inPolygons(point, polygons) {
    return polygons.some(function (rings) {
      return inRing(point, rings[0]) && !rings.slice(1).some(function (hole) { return inRing(point, hole); });
    });
  }

  // The offsets a district's label tries, nearest first: where it stands, then steps of about half its width and
  // two thirds of its height around it (the map keeps those whose centre stays inside the district).
  function districtOffsets(w, h) {
    var found = [];
    for (var i = -3; i <= 3; i++) {
      for (var j = -3; j <= 3; j++) { found.push([i * Math.round(w * 0.45), j * Math.round(h * 0.65), i * i + j * j]); }
    }
    found.sort(function (a, b) { return a[2] - b[2] || a[1] - b[1] || a[0] - b[0]; });
    return found.map(function (o) { return [o[0], o[1]]; });
  }
  // A place's name tries the right of its marker first, then the left, above and below.
  function placeOffsets(w, h, radius) {
    var beside = w / 2 + radius + 3, over = h / 2 + radius + 2;
    return [[beside, 0], [-beside, 0], [0, -over], [0, over]];
  }

  // Whether the legend starts open: on a map this wide or wider; a phone's map starts with it folded to a button.
  var LEGEND_OPEN_MIN_WIDTH = 500;
  // From this zoom on, markers carry their place's name (below it they crowd the centre).
  var PLACE_NAMES_ZOOM = 9;
  // A settlement's dot (px): smaller than any place of the news.
  var SETTLEMENT_RADIUS = 3.5;
  // A map smaller than this (px) is still being laid out: its first view waits.
  var MIN_MAP_SIDE = 120;

  var api = {decode: decode, runAt: runAt, stateFor: stateFor, popupHtml: popupHtml, placeLabels: placeLabels,
             escapeHtml: escapeHtml, dayText: dayText, placeUrl: placeUrl, citationText: citationText,
             placeToolsHtml: placeToolsHtml,
             labelBox: labelBox, inPolygons: inPolygons, districtOffsets: districtOffsets, placeOffsets: placeOffsets,
             LEGEND_OPEN_MIN_WIDTH: LEGEND_OPEN_MIN_WIDTH, PLACE_NAMES_ZOOM: PLACE_NAMES_ZOOM};

  // Draw everything on `map` from `data` (geo.mapping.base_script):
  //   css, legend (HTML), credit (HTML), neutral (a Leaflet path style), opacity (the fill's), decimals,
  //   districts [{id, head (HTML), rings}], corridor (rings), corridorLabel (HTML), labels {id: {lat, lon, name,
  //   rank}}, markers [{id, lat, lon, title (HTML), name, radius, popup (parts)}], citations [HTML], table
  //   (DayTable.compact), bounds [[s, w], [n, e]], legendPadding [x, y], sliderKey (a class or null), pageDayAttr.
  // The window gets kbMap, kbDistricts, kbLabels, kbMarkers, kbCorridor, kbStateFor, kbApply, kbShow, kbState and
  // kbSliderDay: the page's day mark, a standalone page's day layer and the tests use them.
  function init(map, data) {
    var L = root.L, doc = root.document;
    var css = doc.createElement('style'); css.textContent = data.css; doc.head.appendChild(css);
    map.invalidateSize({pan: false});  // the stylesheet sizes the map to its frame
    // The map is a named region (a screen reader can jump to it), and the frame's page lets a reader zoom it:
    // folium's viewport tag forbids that (user-scalable=no, maximum-scale=1).
    map.getContainer().setAttribute('role', 'region');
    map.getContainer().setAttribute('aria-label', 'Map of control on the chosen day');
    Array.prototype.forEach.call(doc.querySelectorAll('meta[name=viewport]'), function (tag) {
      tag.setAttribute('content', 'width=device-width, initial-scale=1');
    });
    root.kbDistricts = {};
    root.kbLabels = {};
    root.kbPlaceLabels = {};
    root.kbMarkers = {};
    root.kbMap = map;
    function rings(polygons) {
      return polygons.map(function (p) { return p.map(function (r) { return decode(r, data.decimals); }); });
    }
    // Leaflet focuses the map on mousedown (for the arrow keys). Where the map's frame is partly below the window (a
    // phone, with the day bar above the map), that focus scrolls the page, the marker moves away from the pointer
    // before mouseup, and the click lands on the map instead: no popup. Focus without scrolling.
    if (map.keyboard && map.keyboard.enabled()) {
      map.keyboard.disable();
      map.keyboard._onMouseDown = function () {
        if (!this._focused) { this._map._container.focus({preventScroll: true}); }
      };
      map.keyboard.enable();
    }
    // Tooltips stay inside the map: Leaflet moves a sticky tooltip to the side of the pointer with more room but
    // centres it vertically on the pointer, so a tall one (a district's status and source, on a phone's short map)
    // would run over the top or the bottom edge. Shift it up or down to fit (this map's tooltips only).
    var tooltipPosition = L.Tooltip.prototype._setPosition;
    function fitTooltip(tooltip, pos) {
      tooltipPosition.call(tooltip, pos);
      var el = tooltip._container, at = L.DomUtil.getPosition(el);
      if (!el || !at || tooltip._map !== map) { return; }
      var top = map.layerPointToContainerPoint(at).y, height = el.offsetHeight, room = map.getSize().y, edge = 4;
      var shift = top < edge ? edge - top : (top + height > room - edge ? room - edge - top - height : 0);
      if (height > room - 2 * edge) { shift = edge - top; }
      if (shift) { L.DomUtil.setPosition(el, at.add(L.point(0, shift))); }
    }
    L.Tooltip.include({_setPosition: function (pos) { fitTooltip(this, pos); }});

    // A popup pans clear of the zoom buttons (top left) and the basemap button (top right): its top stays 90 px
    // down, below both buttons, so sideways 10 px is enough.
    var popupOptions = {maxWidth: 360, autoPanPaddingTopLeft: L.point(10, 90),
                        autoPanPaddingBottomRight: L.point(10, 20)};
    // What a screen reader says for a map shape: the text of its (escaped) tooltip HTML, read by DOMParser, which
    // neither runs scripts nor loads images.
    root.kbText = function (html) {
      var parsed = new root.DOMParser().parseFromString(String(html).replace(/<br\s*\/?>/g, '. '), 'text/html');
      return (parsed.body.textContent || '').replace(/\s+/g, ' ').trim();
    };
    function name(layer, role, text) {
      var el = layer.getElement && layer.getElement();
      if (el) { el.setAttribute('role', role); el.setAttribute('aria-label', text); }
    }

    var districts = L.featureGroup().addTo(map);
    data.districts.forEach(function (d) {
      var shape = rings(d.rings);
      var layer = L.polygon(shape, data.neutral).bindTooltip(d.head, {sticky: true}).addTo(districts);
      layer.kbHead = d.head;
      layer.kbRings = shape;
      root.kbDistricts[d.id] = layer;
    });
    map.attributionControl.addAttribution(data.credit);
    var corridor = L.polygon(rings(data.corridor), {color: '#000', weight: 1, fillColor: '#000', fillOpacity: 0,
        dashArray: '2 3', opacity: 0, className: 'kb-corridor-band'})
      .bindTooltip(data.corridorLabel, {sticky: true}).addTo(map);
    root.kbCorridor = corridor;
    name(corridor, 'img', root.kbText(data.corridorLabel));

    // The address of this view without its day and place: the app's page around the map's frame (same origin), or the
    // published page itself. Null where it cannot be read (then a popup has no link).
    root.kbLinkBase = function () {
      try {
        var where = data.sliderKey && root.parent !== root ? root.parent.location : root.location;
        return where.protocol === 'about:' ? null : where.origin + where.pathname;
      } catch (e) { return null; }
    };
    var linkMode = data.sliderKey ? 'query' : 'hash', titles = {};
    data.markers.forEach(function (m) { titles[m.id] = root.kbText(m.title); });  // the citation's plain text
    function placeTools(id) {
      var base = root.kbLinkBase(), state = root.kbState;
      if (!base || !state) { return ''; }
      var offset = Math.round((Date.parse(state.day) - Date.parse(table.start)) / DAY_MS);
      var url = placeUrl(base, linkMode, state.day, id);
      return placeToolsHtml(url, citationText(data.mapTitle, titles[id], data.dayTexts[offset] || state.day, url,
                                              dayText(new Date(), data.months)));
    }
    root.kbPopup = function (parts) { return popupHtml(parts, data.citations, placeTools); };
    // The popup's Copy buttons: the clipboard where the browser allows it (a frame may not), else the text is
    // selected for the reader to copy.
    L.DomEvent.on(map.getContainer(), 'click', function (event) {
      var button = event.target.closest && event.target.closest('[data-kb-copy]');
      if (!button) { return; }
      var tools = button.closest('.kb-place-tools'), status = tools.querySelector('.kb-copied');
      var field = tools.querySelector('textarea'), link = tools.querySelector('a');
      var text = button.getAttribute('data-kb-copy') === 'link' ? link.href : field.value;
      function selectIt() {
        field.value = text; field.focus(); field.select();
        status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
      }
      try {
        root.navigator.clipboard.writeText(text).then(function () { status.textContent = 'Copied.'; }, selectIt);
      } catch (e) { selectIt(); }
    });
    // Escape closes an open popup wherever the focus is inside the map (Leaflet's own handler listens only while the
    // map's container itself has the focus, not a popup's text or a marker).
    L.DomEvent.on(map.getContainer(), 'keydown', function (event) {
      if (event.key === 'Escape' && map._popup && map.hasLayer(map._popup)) { map.closePopup(); }
    });
    var markerPlaces = {};
    data.markers.forEach(function (m) {
      markerPlaces[m.id] = m.places;
      var marker = L.circleMarker([m.lat, m.lon], {radius: m.radius, color: '#222', weight: 2, fillColor: '#fff',
          fillOpacity: 1, className: 'kb-marker kb-marker-' + m.id})
        .bindTooltip(m.title).bindPopup(function () { return root.kbPopup(m.popup); }, popupOptions).addTo(map);
      marker.kbRadius = m.radius;
      marker.kbId = m.id;
      root.kbMarkers[m.id] = marker;
      name(marker, 'button', root.kbText(m.title) + ': the article sentences that name it');
      // A marker is a button: Tab reaches it, Enter or Space opens its popup, whose text then has the focus (a
      // screen reader reads it); Escape closes it (Leaflet) and the focus goes back to the marker.
      var el = marker.getElement();
      if (el) {
        el.setAttribute('tabindex', '0');
        el.addEventListener('keydown', function (event) {
          if (event.key !== 'Enter' && event.key !== ' ') { return; }
          event.preventDefault();
          event.stopPropagation();
          marker.openPopup();
        });
      }
      marker.on('popupopen', function (event) {
        var content = event.popup.getElement && event.popup.getElement().querySelector('.leaflet-popup-content');
        if (content && el && doc.activeElement === el) {
          content.setAttribute('tabindex', '-1');
          content.focus({preventScroll: true});
        }
      });
      marker.on('popupclose', function (event) {
        var active = doc.activeElement, popup = event.popup.getElement && event.popup.getElement();
        var lost = !active || active === doc.body || active === map.getContainer() || (popup && popup.contains(active));
        if (el && lost) { el.focus({preventScroll: true}); }
      });
      // Its name, shown from PLACE_NAMES_ZOOM on (placed by arrange, beside the marker).
      if (m.name) {
        root.kbPlaceLabels[m.id] = L.marker([m.lat, m.lon], {interactive: false, keyboard: false, icon: L.divIcon({
          className: 'kb-label-icon', iconSize: [0, 0], iconAnchor: [0, 0],
          html: '<div class="kb-label kb-place-label" aria-hidden="true" data-place-label="' + m.id + '">' + m.name
                + '</div>'})});
      }
    });

    // Settlements (issue 12): small dots in their own control's colour on the day, hollow where no dated source gives
    // one; their names join the places' from PLACE_NAMES_ZOOM on, after the places of the news.
    root.kbSettlements = {};
    var settlementData = data.settlements || {items: [], tips: []};
    settlementData.items.forEach(function (s) {
      var dot = L.circleMarker([s.lat, s.lon], {radius: SETTLEMENT_RADIUS, color: '#444', weight: 1.5,
          fillColor: '#fff', fillOpacity: 0, className: 'kb-settlement kb-settlement-' + s.id})
        .bindTooltip(s.head).addTo(map);
      dot.kbRadius = SETTLEMENT_RADIUS;
      dot.kbHead = s.head;
      dot.kbRuns = s.runs;
      root.kbSettlements[s.id] = dot;
      root.kbPlaceLabels[s.id] = L.marker([s.lat, s.lon], {interactive: false, keyboard: false, icon: L.divIcon({
        className: 'kb-label-icon', iconSize: [0, 0], iconAnchor: [0, 0],
        html: '<div class="kb-label kb-place-label kb-settlement-label" aria-hidden="true" data-place-label="' + s.id
              + '">' + s.name + '</div>'})});
      root.kbPlaceLabels[s.id].kbRank = -1;
    });

    // The legend: a disclosure button on every screen, open at first on a map wide enough to spare the room.
    var legend = L.control({position: 'bottomright'});
    legend.onAdd = function () {
      var box = L.DomUtil.create('div', 'kb-legend-box');
      box.innerHTML = data.legend;
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    legend.addTo(map);
    // The first view: the districts fill the map's width (fractional zoom, so a phone's map is not left at the
    // zoom below), with room for the legend where it starts open. The frame may still be sizing itself (0 px tall
    // at first): the view waits for a real size.
    var details = legend.getContainer().querySelector('details');
    function firstView() {
      var size = map.getSize();
      if (size.x < MIN_MAP_SIDE || size.y < MIN_MAP_SIDE) { map.once('resize', firstView); return; }
      var open = size.x >= LEGEND_OPEN_MIN_WIDTH;
      if (details) { details.open = open; }
      var padding = open ? [data.legendPadding[0], legend.getContainer().offsetHeight + 10] : [0, 0];
      map.fitBounds(data.bounds, {paddingBottomRight: padding, animate: false});
      viewReady = true;
      // Said on the document: a view set before this one (a test's zoom, a reader's early pinch) would be undone by it.
      doc.documentElement.setAttribute('data-kb-view', 'ready');
      if (pendingPlace) { root.kbOpenPlace(pendingPlace); }
    }
    // A place's popup opened from outside the map (?place=, #place=, a search): the place is centred at the zoom shown
    // and its popup opened, once the first view is set. False for an id that has no marker.
    var viewReady = false, pendingPlace = null;
    root.kbOpenPlace = function (id) {
      var marker = Object.prototype.hasOwnProperty.call(root.kbMarkers, id) ? root.kbMarkers[id] : null;
      if (!marker) { return false; }
      if (!viewReady) { pendingPlace = id; return true; }
      pendingPlace = null;
      map.setView(marker.getLatLng(), map.getZoom(), {animate: false});
      marker.openPopup();
      return true;
    };
    firstView();

    // Labels: each district's name and control at its label point, each place's name beside its marker from
    // PLACE_NAMES_ZOOM on; moved or hidden so that none covers another or a marker.
    function arrange() {
      var zoom = map.getZoom(), obstacles = [], elements = {};
      Object.keys(root.kbMarkers).forEach(function (id) {
        var marker = root.kbMarkers[id], p = map.latLngToContainerPoint(marker.getLatLng()), r = marker.kbRadius + 2;
        obstacles.push({left: p.x - r, top: p.y - r, right: p.x + r, bottom: p.y + r});
      });
      function measure(id, label, rank, offsets) {
        var el = label.getElement && label.getElement(), inner = el && el.firstChild;
        if (!inner) { return null; }
        var p = map.latLngToContainerPoint(label.getLatLng());
        elements[id] = inner;
        return {id: id, x: p.x, y: p.y, w: inner.offsetWidth, h: inner.offsetHeight, rank: rank,
                offsets: offsets(inner.offsetWidth, inner.offsetHeight, p)};
      }
      function inside(id) {
        var shape = root.kbDistricts[id].kbRings;
        return function (w, h, p) {
          return districtOffsets(w, h).filter(function (o, i) {
            var at = map.containerPointToLatLng(L.point(p.x + o[0], p.y + o[1]));
            return i === 0 || inPolygons([at.lat, at.lng], shape);
          });
        };
      }
      function show(items, spots) {
        items.forEach(function (item) {
          var inner = elements[item.id], spot = spots[item.id];
          inner.style.visibility = spot ? '' : 'hidden';
          inner.style.setProperty('--kb-dx', (spot ? spot[0] : 0) + 'px');
          inner.style.setProperty('--kb-dy', (spot ? spot[1] : 0) + 'px');
          inner.setAttribute('data-kb-placed', spot ? 'shown' : 'hidden');
          if (spot) { obstacles.push(labelBox(item, spot)); }
        });
      }
      // Districts first, each in its full form (name and control); then, for those that found no room, the control
      // alone (smaller); then the places' names, where the rest leaves room.
      var districtItems = Object.keys(root.kbLabels).map(function (id) {
        var label = root.kbLabels[id], inner = label.getElement() && label.getElement().firstChild;
        if (inner && inner.innerHTML !== label.kbFull) { inner.innerHTML = label.kbFull; }
        return measure(id, label, data.labels[id].rank || 0, inside(id));
      }).filter(Boolean);
      var spots = placeLabels(districtItems, obstacles, 1);
      show(districtItems, spots);
      var shorter = districtItems.filter(function (item) {
        return !spots[item.id] && root.kbLabels[item.id].kbShort !== root.kbLabels[item.id].kbFull;
      }).map(function (item) {
        elements[item.id].innerHTML = root.kbLabels[item.id].kbShort;
        return measure(item.id, root.kbLabels[item.id], item.rank, inside(item.id));
      });
      show(shorter, placeLabels(shorter, obstacles, 1));
      var placeItems = [];
      Object.keys(root.kbPlaceLabels).forEach(function (id) {
        var label = root.kbPlaceLabels[id];
        if (zoom < PLACE_NAMES_ZOOM) { if (map.hasLayer(label)) { map.removeLayer(label); } return; }
        if (!map.hasLayer(label)) { label.addTo(map); }
        var radius = (root.kbMarkers[id] || root.kbSettlements[id]).kbRadius;
        placeItems.push(measure('place:' + id, label, label.kbRank || 0,
                                function (w, h) { return placeOffsets(w, h, radius); }));
      });
      show(placeItems.filter(Boolean), placeLabels(placeItems.filter(Boolean), obstacles, 1));
    }
    root.kbArrangeLabels = arrange;
    map.on('zoomend', arrange);
    map.on('resize', arrange);

    var table = data.table;
    root.kbStateFor = function (day) { return stateFor(table, day); };
    root.kbApply = function (state) {
      Object.keys(root.kbDistricts).forEach(function (id) {
        var layer = root.kbDistricts[id], s = state.districts[id], label = root.kbLabels[id];
        if (!s) { layer.setStyle(data.neutral); layer.setTooltipContent(layer.kbHead); return; }
        layer.setStyle({fillColor: s.fill, color: s.line, dashArray: s.dash, weight: 1.5, fillOpacity: data.opacity});
        layer.setTooltipContent(layer.kbHead + '<br>' + table.tips[s.tip]);
        var el = layer.getElement && layer.getElement();
        if (el) { el.setAttribute('data-district', id); el.setAttribute('data-control', s.control); }
        name(layer, 'img', root.kbText(layer.kbHead + '<br>' + table.tips[s.tip]));
        var point = data.labels[id];
        if (!point) { return; }
        var html = (point.name ? point.name + '<br>' : '') + s.label;
        if (!label) {
          label = L.marker([point.lat, point.lon], {interactive: false, keyboard: false, icon: L.divIcon({
            className: 'kb-label-icon', iconSize: [0, 0], iconAnchor: [0, 0],
            html: '<div class="kb-label" aria-hidden="true" data-label="' + id + '">' + html + '</div>'})});
          root.kbLabels[id] = label.addTo(map);
        }
        label.kbFull = html;  // arrange() shows this, or the control alone (kbShort) where the full form has no room
        label.kbShort = s.label;
      });
      Object.keys(root.kbMarkers).forEach(function (id) {
        var p = (markerPlaces[id] || [id]).map(function (pid) { return state.places[pid]; }).filter(Boolean)[0];
        root.kbMarkers[id].setStyle({fillColor: p ? p.fill : '#fff'});
        var el = root.kbMarkers[id].getElement && root.kbMarkers[id].getElement();
        if (el) { if (p) { el.setAttribute('data-control', p.control); } else { el.removeAttribute('data-control'); } }
      });
      var offset = Math.round((Date.parse(state.day) - Date.parse(table.start)) / DAY_MS);
      Object.keys(root.kbSettlements).forEach(function (id) {
        var dot = root.kbSettlements[id], run = runAt(dot.kbRuns, offset), el = dot.getElement && dot.getElement();
        var style = run && run.length > 2 ? table.styles[run[1]] : null;
        dot.setStyle(style ? {fillColor: style.fill, fillOpacity: 1, color: style.line, dashArray: ''}
                           : {fillColor: '#fff', fillOpacity: 0, color: '#555', dashArray: '2 2'});
        var tip = dot.kbHead + '<br>' + (style ? settlementData.tips[run[2]] : '<small>' + data.noSettlementStatus
                                                                              + '</small>');
        dot.setTooltipContent(tip);
        name(dot, 'img', root.kbText(tip));
        if (el) { if (style) { el.setAttribute('data-control', run[1]); } else { el.removeAttribute('data-control'); } }
      });
      corridor.setStyle({opacity: state.corridor ? 1 : 0, fillOpacity: state.corridor ? 0.25 : 0});
      root.kbState = state;
      // An open popup's link and citation name the day: written again for the new one.
      if (map._popup && map.hasLayer(map._popup) && map._popup._source && map._popup._source.kbId) {
        map._popup.update();
      }
      arrange();
      doc.documentElement.setAttribute('data-kb-day', state.day);
    };
    // A day's feature group (a standalone page) or the page's day mark calls this. The slider may already be further
    // on (the rerun for this day was overtaken by another step): then the slider's day is shown, so the map never
    // steps back.
    root.kbShow = function (state) {
      var day = root.kbSliderDay(), ahead = day && day !== state.day ? root.kbStateFor(day) : null;
      doc.documentElement.setAttribute('data-kb-rerun-day', state.day);
      root.kbApply(ahead || state);
    };
    // The day the page's slider shows, when the map sits in a Streamlit page (same origin) and the slider is found.
    root.kbSliderDay = function () { return null; };
    followPage(data.sliderKey, data.pageDayAttr, data.pagePlaceAttr);
    if (root.kbPending) { root.kbShow(root.kbPending); }
  }

  // Follow the Streamlit page around the map's frame: its slider (the container with class `key`; a date slider's
  // value is in microseconds) and the day mark its last finished run left (attribute `attr`, on the side column: the
  // map's arguments stay the same every day, so this mark, not a feature group, tells the map that the rerun has come
  // back). Anything unexpected (no slider, another markup, another origin) leaves the map to the reruns alone.
  function followPage(key, attr, placeAttr) {
    var page = null;
    try { page = key && root.parent !== root ? root.parent.document : null; } catch (e) { page = null; }
    if (!page || !page.body) { return; }
    var selector = '.' + key + ' input[type=range]';
    root.kbSliderDay = function () {
      try {
        var input = page.querySelector(selector), value = input ? Number(input.value) : NaN;
        return isFinite(value) && value > 0 ? new Date(value / 1000).toISOString().slice(0, 10) : null;
      } catch (e) { return null; }
    };
    var mark = '[' + attr + ']', placeMark = '[' + placeAttr + ']', openedPlace = null;
    var follow = function () {
      // The place the page asks for (?place=, the sidebar's search): "<marker id> <request count>", opened once each
      // time it changes (the count changes when the same place is asked for again).
      var asked = page.querySelector(placeMark), place = asked && asked.getAttribute(placeAttr);
      if (place !== openedPlace) { openedPlace = place; if (place) { root.kbOpenPlace(place.split(' ')[0]); } }
      var marked = page.querySelector(mark), rerun = marked && marked.getAttribute(attr);
      var state = rerun && rerun !== root.document.documentElement.getAttribute('data-kb-rerun-day')
        ? root.kbStateFor(rerun) : null;
      if (state) { root.kbShow(state); return; }
      var day = root.kbSliderDay();
      if (!day || (root.kbState && root.kbState.day === day)) { return; }
      state = root.kbStateFor(day);
      if (state) { root.kbApply(state); }
    };
    // childList too: a new slider (the war toggle changes its range) or a new side column replaces nodes.
    var observer = new root.MutationObserver(follow);
    observer.observe(page.body, {subtree: true, childList: true, attributes: true,
                                 attributeFilter: ['aria-valuetext', 'value', attr, placeAttr]});
    root.addEventListener('pagehide', function () { observer.disconnect(); });
    follow();
  }

  api.init = init;
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
    return;
  }
  root.kbHandoverMap = api;
})(typeof window !== 'undefined' ? window : this);
