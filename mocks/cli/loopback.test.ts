import { isLoopback } from './loopback';

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.1.2.3', '127.255.255.255', '::1', '0:0:0:0:0:0:0:1', 'localhost', 'LOCALHOST'])(
    '%s stays on this machine',
    (host) => expect(isLoopback(host)).toBe(true),
  );

  it.each([
    '0.0.0.0',
    '::',
    '10.0.0.1',
    '128.0.0.1',
    '192.168.1.2',
    'example.com',
    'localhost.example.com',
    '',
  ])('%s may be reachable from the network', (host) => expect(isLoopback(host)).toBe(false));
});
