#!/usr/bin/env node
'use strict';
// The executable runs the compiled CLI; `npm ci` builds it through the `prepare` script.
require('../dist/mocks/cli/main.js')
  .main(process.argv.slice(2))
  .then((code) => {
    if (typeof code === 'number') process.exitCode = code;
  });
