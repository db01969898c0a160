// Run by tests/test_frontend.py, not by `node --test`: reads the data object geo.mapping.base_script sends (a JSON
// file, argument 1) and prints, as JSON, what handover_map.js makes of it: every day's state and every district's
// decoded rings. The Python test compares them with the server's own DayTable and the GeoJSON.
'use strict';
const fs = require('node:fs');
const map = require('../../geo/static/handover_map.js');

const data = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const table = data.table, start = Date.parse(table.start), states = [];
for (let i = 0; i < table.days; i++) {
  states.push(map.stateFor(table, new Date(start + i * 864e5).toISOString().slice(0, 10)));
}
const rings = {};
data.districts.forEach((d) => { rings[d.id] = d.rings.map((p) => p.map((r) => map.decode(r, data.decimals))); });
process.stdout.write(JSON.stringify({states, rings}));
