// node --test tests/js/ : the pure parts of geo/static/publish_page.js (the published page's control and address).
// tests/test_publish.py also runs tests/js/place_keys.js on every name of the gazetteer and compares the keys with
// Python's geo.names.normalise.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const page = require('../../geo/static/publish_page.js');

const days = {start: '2020-09-27', count: 66};  // 27 Sep to 1 Dec 2020
const places = {kalbajar: 'kalbajar', kelbecer: 'kalbajar', 'stepanakert khankendi': 'stepanakert'};

test('dayAt and offsetOf count days from the first, across the end of a month', () => {
  assert.equal(page.dayAt('2020-09-27', 0), '2020-09-27');
  assert.equal(page.dayAt('2020-09-27', 4), '2020-10-01');
  assert.equal(page.dayAt('2020-09-27', 65), '2020-12-01');
  assert.equal(page.offsetOf('2020-09-27', '2020-11-20'), 54);
});

test('parseHash opens a day and a place by any of its names, in any case', () => {
  assert.deepEqual(page.parseHash('#date=2020-11-25&place=kalbajar', days, places),
                   {day: '2020-11-25', place: 'kalbajar', problems: []});
  assert.deepEqual(page.parseHash('#place=K%C6%8FLB%C6%8FC%C6%8FR', days, places).place, 'kalbajar');
  assert.equal(page.parseHash('#place=Stepanakert%20/%20Khankendi', days, places).place, 'stepanakert');
  assert.deepEqual(page.parseHash('', days, places), {day: null, place: null, problems: []});
  assert.deepEqual(page.parseHash('#', days, places), {day: null, place: null, problems: []});
});

test('parseHash says what it cannot use, quoting at most 40 characters, and keeps the rest', () => {
  const bad = page.parseHash('#date=2020-02-30&place=kalbajar', days, places);
  assert.equal(bad.day, null);
  assert.equal(bad.place, 'kalbajar');
  assert.match(bad.problems[0], /^#date=2020-02-30 is not a day of this map \(2020-09-27 to 2020-12-01/);
  for (const value of ['2020-12-02', '2020-09-26', '25 Nov', '２０２０-11-25', '2020-11-25T00:00', '+2020-11-25']) {
    const found = page.parseHash('#date=' + encodeURIComponent(value), days, places);
    assert.equal(found.day, null, value);
    assert.equal(found.problems.length, 1, value);
  }
  const long = page.parseHash('#place=' + 'x'.repeat(5000), days, places);
  assert.equal(long.problems[0], '#place=' + 'x'.repeat(40) + '\u2026 is not a place on this map.');
  // Names of Object.prototype are not places.
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    assert.equal(page.parseHash('#place=' + name, days, places).place, null, name);
  }
  // A malformed escape is not a place either (URLSearchParams keeps it as text).
  assert.equal(page.parseHash('#place=%E0%A4%A', days, places).place, null);
});

test('formatHash writes what parseHash reads', () => {
  assert.equal(page.formatHash('2020-11-25', 'kalbajar'), '#date=2020-11-25&place=kalbajar');
  assert.equal(page.formatHash('2020-11-25', null), '#date=2020-11-25');
  assert.deepEqual(page.parseHash(page.formatHash('2020-10-01', 'kalbajar'), days, places),
                   {day: '2020-10-01', place: 'kalbajar', problems: []});
});

test('normaliseKey folds case, diacritics, Azerbaijani letters and invisible characters', () => {
  assert.equal(page.normaliseKey('Kəlbəcər'), 'kelbecer');
  assert.equal(page.normaliseKey('KAL\u200bBAJAR'), 'kalbajar');
  assert.equal(page.normaliseKey('  Stepanakert / Khankendi '), 'stepanakert khankendi');
  assert.equal(page.normaliseKey('İsmayıllı'), 'ismayilli');
  assert.equal(page.normaliseKey('Քարվաճառ'), 'քարվաճառ');
});

test('playStep steps to the last day and then stops', () => {
  assert.equal(page.playStep(0, 66), 1);
  assert.equal(page.playStep(64, 66), 65);
  assert.equal(page.playStep(65, 66), -1);
});
