import { describe, expect, it } from 'vitest';
import { findChromium, INSTALL_HINT, USUAL_PLACES } from '../../tools/harness/browser.js';

/** A file system that has exactly these files. */
const only =
  (...files: string[]) =>
  (path: string) =>
    files.includes(path);

describe('findChromium', () => {
  it('takes CHROMIUM_PATH when it is set, before anything on the PATH', () => {
    const env = { CHROMIUM_PATH: '/opt/my/chrome', PATH: '/usr/bin' };
    expect(findChromium(env, only('/opt/my/chrome', '/usr/bin/chromium'))).toBe('/opt/my/chrome');
  });

  it('says that a CHROMIUM_PATH which does not exist does not, in one line', () => {
    expect(() => findChromium({ CHROMIUM_PATH: '/nope/chrome' }, only())).toThrow(
      /^CHROMIUM_PATH is \/nope\/chrome, which does not exist$/,
    );
  });

  it('finds Chromium, then Chrome, on the PATH, in PATH order', () => {
    const env = { PATH: ['/home/me/bin', '/usr/local/bin'].join(':') };
    expect(findChromium(env, only('/usr/local/bin/chromium', '/home/me/bin/google-chrome'))).toBe(
      '/usr/local/bin/chromium',
    );
    expect(findChromium(env, only('/home/me/bin/google-chrome'))).toBe(
      '/home/me/bin/google-chrome',
    );
  });

  it('looks in the usual places when the PATH has none', () => {
    expect(findChromium({ PATH: '/bin' }, only('/snap/bin/chromium'))).toBe('/snap/bin/chromium');
    expect(USUAL_PLACES).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
  });

  it('fails with one line saying how to install one when there is none', () => {
    expect(() => findChromium({ PATH: '/bin' }, only())).toThrow(INSTALL_HINT);
    expect(INSTALL_HINT).not.toContain('\n');
    expect(INSTALL_HINT).toContain('sudo apt-get install -y chromium');
    expect(INSTALL_HINT).toContain('CHROMIUM_PATH');
  });
});
