#!/usr/bin/env node
'use strict';
// The executable runs the compiled CLI: the published package ships it (built by `prepack`); in a checkout,
// `npm run build` makes it (`npm start` and `npm test` run the build first).
let cli;
try {
  cli = require('../dist/mocks/cli/main.js');
} catch (error) {
  if (error.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes('dist/mocks/cli/main.js'))
    throw error;
  process.stderr.write('partner-sandbox: the compiled CLI (dist/) is missing: run `npm run build` first\n');
  process.exit(2);
}
cli.main(process.argv.slice(2)).then((code) => {
  if (typeof code === 'number') process.exitCode = code;
});
