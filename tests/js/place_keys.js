// Run by tests/test_publish.py, not by `node --test`: reads a JSON list of names on stdin and prints the key
// publish_page.js looks each one up by (normaliseKey), one JSON list, for comparison with geo.names.normalise.
'use strict';
const page = require('../../geo/static/publish_page.js');
let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => { process.stdout.write(JSON.stringify(JSON.parse(input).map(page.normaliseKey))); });
