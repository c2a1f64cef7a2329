import { parseArgs, UsageError } from './args';

const accepted = { only: true, json: false };

describe('parseArgs', () => {
  it('reads the command, flags, positionals up to the limit, and everything after --', () => {
    expect(parseArgs(['run', '--only', 'xcover', '--', 'npm', 'test', '--', '-x'], () => accepted)).toEqual({
      command: 'run',
      flags: new Map([['only', 'xcover']]),
      positionals: [],
      rest: ['npm', 'test', '--', '-x'],
    });
    expect(
      parseArgs(
        ['check', '--json', '-'],
        () => accepted,
        () => 1,
      ),
    ).toMatchObject({
      positionals: ['-'],
      rest: [],
    });
  });

  it('refuses positionals beyond what the command takes', () => {
    expect(() => parseArgs(['start', 'extra'], () => accepted)).toThrow(UsageError);
    expect(() =>
      parseArgs(
        ['check', 'a', 'b'],
        () => accepted,
        () => 1,
      ),
    ).toThrow(UsageError);
  });
});
