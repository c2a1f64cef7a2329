'use strict';
// The framework ceiling for bench/run.js: a bare Express 5 app with express.json() on the create-quote
// route, answering 201 with the spec's fixed createQuote example (~3 KB). No auth, no validation, no state.
// Usage: node bench/express-ceiling.js <port>

const express = require('express');
const { loadCreateQuoteExamples, OPERATION_PATH } = require('./lib');

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  process.stderr.write('usage: node bench/express-ceiling.js <port>\n');
  process.exit(2);
}

const { created } = loadCreateQuoteExamples();
const app = express();
app.disable('etag');
app.disable('x-powered-by');
app.use(express.json());
const handler = (req, res) => {
  res.status(201).json(created);
};
// Same route as the sandbox (/x base path) and as Prism (no base path).
app.post(`/x${OPERATION_PATH}`, handler);
app.post(OPERATION_PATH, handler);

const server = app.listen(port, '127.0.0.1', () => process.stdout.write(`express ceiling on ${port}\n`));
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
