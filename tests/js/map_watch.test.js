// node --test tests/js/ : the pure parts of geo/static/map_watch.js, and its watch driven by a fake clock and page.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const {mapState, drawnIn, watch} = require('../../geo/static/map_watch.js');

test('a drawn map is ready whatever the time', () => {
  assert.equal(mapState({drawn: true, elapsedMs: 0, graceMs: 8000}), 'ready');
  assert.equal(mapState({drawn: true, elapsedMs: 60000, graceMs: 8000}), 'ready');
});

test('no map is waiting during the grace period, then missing', () => {
  assert.equal(mapState({drawn: false, elapsedMs: 7999, graceMs: 8000}), 'waiting');
  assert.equal(mapState({drawn: false, elapsedMs: 8000, graceMs: 8000}), 'missing');
});

test('drawnIn reads kbMap and treats an unreadable window as no map', () => {
  assert.equal(drawnIn({kbMap: {}}), true);
  assert.equal(drawnIn({}), false);
  assert.equal(drawnIn(null), false);
  const foreign = {get kbMap() { throw new Error('SecurityError: cross-origin frame'); }};
  assert.equal(drawnIn(foreign), false);
});

// A page with one note, its message and a map frame whose window the test controls (page.frame can be replaced).
function fakePage(graceMs) {
  const message = {hidden: true};
  const attributes = {'data-kb-frame': 'iframe.map', 'data-kb-grace-ms': String(graceMs),
                      'data-kb-frame-title': 'Map of control'};
  const page = {message, attributes};
  page.newFrame = () => {
    const frameAttributes = {title: 'streamlit_folium.st_folium'};
    page.frame = {
      contentWindow: {},
      getAttribute: (name) => frameAttributes[name] ?? null,
      setAttribute: (name, value) => { frameAttributes[name] = value; },
    };
    return page.frame;
  };
  page.newFrame();
  page.note = {
    isConnected: true,
    getAttribute: (name) => attributes[name] ?? null,
    setAttribute: (name, value) => { attributes[name] = value; },
    querySelector: (selector) => (selector === '[data-kb-missing]' ? message : null),
    ownerDocument: {querySelector: (selector) => (selector === 'iframe.map' ? page.frame : null)},
  };
  return page;
}

function fakeClock() {
  const clock = {t: 0, timers: new Map(), next: 1};
  clock.now = () => clock.t;
  clock.every = (ms, fn) => { clock.timers.set(clock.next, fn); return clock.next++; };
  clock.stop = (id) => { clock.timers.delete(id); };
  clock.tick = (ms) => { clock.t += ms; [...clock.timers.values()].forEach((fn) => fn()); };
  return clock;
}

test('the message shows after the grace period and hides when the map turns up', () => {
  const page = fakePage(3000);
  const clock = fakeClock();
  watch(page.note, clock);
  assert.equal(page.message.hidden, true);
  assert.equal(page.attributes['data-kb-map-state'], 'waiting');
  clock.tick(2000);
  assert.equal(page.message.hidden, true);
  clock.tick(1000);
  assert.equal(page.message.hidden, false);
  assert.equal(page.attributes['data-kb-map-state'], 'missing');
  page.frame.contentWindow.kbMap = {};
  clock.tick(1000);
  assert.equal(page.message.hidden, true);
  assert.equal(page.attributes['data-kb-map-state'], 'ready');
});

test('the frame gets the descriptive title, and so does a frame that replaces it', () => {
  const page = fakePage(3000);
  const clock = fakeClock();
  watch(page.note, clock);
  assert.equal(page.frame.getAttribute('title'), 'Map of control');
  page.newFrame();
  assert.equal(page.frame.getAttribute('title'), 'streamlit_folium.st_folium');
  clock.tick(1000);
  assert.equal(page.frame.getAttribute('title'), 'Map of control');
});

test('a replaced frame gets its own grace period', () => {
  const page = fakePage(3000);
  const clock = fakeClock();
  page.frame.contentWindow.kbMap = {};
  watch(page.note, clock);
  clock.tick(10000);
  assert.equal(page.attributes['data-kb-map-state'], 'ready');
  page.newFrame();  // a new corpus: Streamlit remounts the map; its Leaflet takes a moment
  clock.tick(1000);
  assert.equal(page.attributes['data-kb-map-state'], 'waiting');
  assert.equal(page.message.hidden, true);
  clock.tick(3000);
  assert.equal(page.attributes['data-kb-map-state'], 'missing');
});

test('stopping, or the note leaving the page, ends the watch', () => {
  const clock = fakeClock();
  const one = fakePage(3000);
  const stop = watch(one.note, clock);
  assert.equal(clock.timers.size, 1);
  stop();
  assert.equal(clock.timers.size, 0);

  const gone = fakePage(3000);
  watch(gone.note, clock);
  gone.note.isConnected = false;
  clock.tick(1000);
  assert.equal(clock.timers.size, 0);
});
