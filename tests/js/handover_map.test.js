// node --test tests/js/ : the pure parts of geo/static/handover_map.js. (tests/test_frontend.py also runs
// tests/js/map_states.js on the app's real data and compares every day's state with Python's.)
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const map = require('../../geo/static/handover_map.js');

test('decode reads the encoded-polyline format (Google\'s published example, precision 5)', () => {
  assert.deepEqual(map.decode('_p~iF~ps|U_ulLnnqC_mqNvxq`@', 5), [[38.5, -120.2], [40.7, -120.95], [43.252, -126.453]]);
  assert.deepEqual(map.decode('', 4), []);
});

test('runAt finds the run in force, none before the first', () => {
  const runs = [[0, 'armenian', 3], [10, 'azerbaijani', 4], [12, 'mixed', 5]];
  assert.equal(map.runAt(runs, 0)[1], 'armenian');
  assert.equal(map.runAt(runs, 9)[1], 'armenian');
  assert.equal(map.runAt(runs, 10)[1], 'azerbaijani');
  assert.equal(map.runAt(runs, 99)[1], 'mixed');
  assert.equal(map.runAt([[5, 'armenian', 0]], 4), null);
});

const table = {
  start: '2020-11-19', days: 3, tips: ['held', 'handed over'],
  styles: {armenian: {fill: '#E69F00', line: '#8a5d00', dash: '', short: 'Arm.'},
           azerbaijani: {fill: '#0072B2', line: '#004a75', dash: '', short: 'Az.'}},
  districts: {aghdam: [[0, 'armenian', 0], [1, 'azerbaijani', 1]], lachin: [[0], [2, 'armenian', 0]]},
  places: {charektar: [[0], [2, 'armenian']]},
  corridor: [[0, 0], [1, 1]],
};

test('stateFor rebuilds a day from the runs', () => {
  const day = map.stateFor(table, '2020-11-20');
  assert.deepEqual(day.districts, {aghdam: {control: 'azerbaijani', fill: '#0072B2', line: '#004a75', dash: '',
                                            label: 'Az.', tip: 1}});
  assert.deepEqual(day.places, {});
  assert.equal(day.corridor, true);
  const last = map.stateFor(table, '2020-11-21');
  assert.equal(last.districts.lachin.control, 'armenian');
  assert.deepEqual(last.places, {charektar: {control: 'armenian', fill: '#E69F00'}});
  assert.equal(map.stateFor(table, '2020-11-19').corridor, false);
});

test('stateFor has no state outside the table or for what is not a day', () => {
  assert.equal(map.stateFor(table, '2020-11-18'), null);
  assert.equal(map.stateFor(table, '2020-11-22'), null);
  assert.equal(map.stateFor(table, 'not a day'), null);
  assert.equal(map.stateFor(table, ''), null);
});

test('popupHtml joins escaped parts and cites each quote', () => {
  const html = map.popupHtml(['<div>', [['Kalbajar &lt;b&gt;', [0, 1]]], '</div>'], ['<a>A</a>', '<a>B</a>']);
  assert.equal(html, '<div><ul><li>\u201cKalbajar &lt;b&gt;\u201d<br><small><a>A</a>; <a>B</a></small></li></ul></div>');
});

test('placeLabels keeps a lone label where it stands', () => {
  const item = {id: 'a', x: 50, y: 50, w: 40, h: 20, rank: 1, offsets: [[0, 0], [0, -15]]};
  assert.deepEqual(map.placeLabels([item], [], 1), {a: [0, 0]});
});

test('placeLabels moves the smaller label off the larger one, and off markers', () => {
  const big = {id: 'big', x: 50, y: 50, w: 40, h: 20, rank: 900, offsets: [[0, 0]]};
  const small = {id: 'small', x: 55, y: 55, w: 30, h: 20, rank: 100, offsets: [[0, 0], [0, 25]]};
  assert.deepEqual(map.placeLabels([small, big], [], 1), {big: [0, 0], small: [0, 25]});
  const marker = {left: 45, top: 45, right: 55, bottom: 55};
  assert.deepEqual(map.placeLabels([big], [marker], 1), {big: null});
});

test('placeLabels hides a label that fits nowhere, and no two shown labels overlap', () => {
  const items = [];
  for (let i = 0; i < 30; i++) {
    items.push({id: 'l' + i, x: 100 + (i % 6) * 7, y: 100 + Math.floor(i / 6) * 5, w: 40, h: 14, rank: i,
                offsets: map.districtOffsets(40, 14)});
  }
  const spots = map.placeLabels(items, [], 1);
  const shown = items.filter((item) => spots[item.id]).map((item) => map.labelBox(item, spots[item.id]));
  assert.ok(shown.length > 3 && shown.length < 30, `${shown.length} shown`);
  for (let i = 0; i < shown.length; i++) {
    for (let j = i + 1; j < shown.length; j++) {
      const a = shown[i], b = shown[j];
      assert.ok(!(a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom), `${i} over ${j}`);
    }
  }
});

test('districtOffsets start where the label stands and go outwards', () => {
  const offsets = map.districtOffsets(40, 20);
  assert.deepEqual(offsets[0], [0, 0]);
  const distance = ([dx, dy]) => (dx / 18) ** 2 + (dy / 13) ** 2;
  for (let i = 1; i < offsets.length; i++) { assert.ok(distance(offsets[i]) >= distance(offsets[i - 1]) - 1e-9); }
  assert.equal(offsets.length, 49);
});

test('placeOffsets put a name beside its marker, right first', () => {
  assert.deepEqual(map.placeOffsets(60, 12, 6), [[39, 0], [-39, 0], [0, -14], [0, 14]]);
});

test('inPolygons follows the outline and its holes', () => {
  const square = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]];
  const hole = [[4, 4], [4, 6], [6, 6], [6, 4], [4, 4]];
  assert.equal(map.inPolygons([5, 5], [[square]]), true);
  assert.equal(map.inPolygons([5, 5], [[square, hole]]), false);
  assert.equal(map.inPolygons([2, 2], [[square, hole]]), true);
  assert.equal(map.inPolygons([11, 5], [[square]]), false);
  assert.equal(map.inPolygons([25, 25], [[square], [[[20, 20], [20, 30], [30, 30], [30, 20], [20, 20]]]]), true);
});

test('placeUrl links the app by its query and the published page by its fragment', () => {
  assert.equal(map.placeUrl('https://x.streamlit.app/', 'query', '2020-11-25', 'kalbajar'),
               'https://x.streamlit.app/?date=2020-11-25&place=kalbajar');
  assert.equal(map.placeUrl('https://example.org/map.html', 'hash', '2020-11-25', 'kalbajar'),
               'https://example.org/map.html#date=2020-11-25&place=kalbajar');
  assert.equal(map.placeUrl('https://example.org/map.html', 'hash', '2020-11-25', null),
               'https://example.org/map.html#date=2020-11-25');
});

test('a citation names the map, the place, the day, the address and the day it was read', () => {
  assert.equal(map.citationText('Nagorno-Karabakh handover map, 2020', 'Kalbajar / Karvachar', 'Wed 25 Nov 2020',
                                'https://example.org/#date=2020-11-25&place=kalbajar', '3 Dec 2026'),
               'Nagorno-Karabakh handover map, 2020: Kalbajar / Karvachar, Wed 25 Nov 2020. '
               + 'https://example.org/#date=2020-11-25&place=kalbajar (accessed 3 Dec 2026).');
  assert.equal(map.dayText(new Date(2026, 11, 3), ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep',
                                                   'Oct', 'Nov', 'Dec']), '3 Dec 2026');
});

test('the place tools escape the address and the citation they show', () => {
  const html = map.placeToolsHtml('https://e.org/?a="><script>', 'A <b>"cite"</b> & more');
  assert.ok(html.includes('href="https://e.org/?a=&quot;&gt;&lt;script&gt;"'));
  assert.ok(html.includes('<textarea readonly rows="4">A &lt;b&gt;&quot;cite&quot;&lt;/b&gt; &amp; more</textarea>'));
  assert.ok(!html.includes('<script>') && !html.includes('<b>'));
});

test('popupHtml puts the place tools where the parts ask, or nothing without them', () => {
  const parts = ['<div>', [['quote', [0]]], {place: 'kalbajar'}, '</div>'];
  assert.equal(map.popupHtml(parts, ['cite']),
               '<div><ul><li>\u201cquote\u201d<br><small>cite</small></li></ul></div>');
  assert.equal(map.popupHtml(parts, ['cite'], (id) => '[' + id + ']'),
               '<div><ul><li>\u201cquote\u201d<br><small>cite</small></li></ul>[kalbajar]</div>');
});
