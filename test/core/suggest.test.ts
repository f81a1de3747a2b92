import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from '../../functions/core/suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['identifer', 'identifier', 1],
    ['regoin', 'region', 1],
    ['kitten', 'sitting', 3],
    ['ab', 'ba', 1],
    // Two neighbours replaced are two edits, not a swap; so is one letter moved past another.
    ['ab', 'xy', 2],
    ['ax', 'ya', 2],
    ['abcd', 'acbd', 1],
  ])('from %j to %j is %i', (a, b, n) => {
    expect(editDistance(a, b)).toBe(n);
    expect(editDistance(b, a)).toBe(n);
  });
});

describe('closestName', () => {
  const known = ['sdkAppId', 'identifier', 'secretKey', 'region', 'endpoint'];

  it.each([
    ['identifer', 'identifier'],
    ['SECRETKEY', 'secretKey'],
    ['sdkappid', 'sdkAppId'],
    ['regin', 'region'],
    ['endpiont', 'endpoint'],
    // Two edits, in a name longer than four letters.
    ['identfer', 'identifier'],
  ])('takes %j for %j', (name, meant) => {
    expect(closestName(name, known)).toBe(meant);
  });

  it.each([['colour'], ['key'], ['ids'], ['apps']])(
    'suggests nothing for %j, which is far from every name',
    (name) => {
      expect(closestName(name, known)).toBeUndefined();
    },
  );

  it('takes the nearest of several close names, the first of equally near ones', () => {
    // "identifr" is 1 edit from "identify" and 2 from "identifier", whichever comes first.
    expect(closestName('identifr', ['identifier', 'identify'])).toBe('identify');
    expect(closestName('identifr', ['identify', 'identifier'])).toBe('identify');
    expect(closestName('abcdef', ['abcdxf', 'abcdez'])).toBe('abcdxf');
  });

  it('allows one edit only in a name of four letters or fewer', () => {
    expect(closestName('apsp', ['apps'])).toBe('apps');
    expect(closestName('axpx', ['apps'])).toBeUndefined();
  });
});
