'use strict';
// Preloaded into the sandbox process by bench/memory.js (`node --expose-gc --require`): answers the parent's
// IPC messages with the process's memory, after a full garbage collection when asked. It adds nothing else.

process.on('message', (message) => {
  if (message?.type !== 'memory') return;
  if (message.gc) {
    // Twice: the first collection may only finalise what the second then frees.
    globalThis.gc();
    globalThis.gc();
  }
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  process.send({ type: 'memory', rss, heapUsed, heapTotal, external, arrayBuffers });
});
// The IPC channel must not keep the sandbox alive once it is told to stop.
process.channel?.unref();
