/**
 * Colours in animated values: every CSS colour name interpolates (models animate between
 * "mediumseagreen" and "papayawhip" as often as between "green" and "white"), and a word that
 * is only a property of every object ("constructor") is no colour.
 */
import { describe, expect, it } from 'vitest';
import { interpolable, interpolateValue, parseColor } from '../../../src/render/animate/values.js';

describe('colours in animated values', () => {
  it('knows every CSS colour name, not only the common ones', () => {
    expect(parseColor('MediumSeaGreen')).toEqual({ r: 0x3c, g: 0xb3, b: 0x71, a: 1 });
    expect(parseColor('papayawhip')).toEqual({ r: 0xff, g: 0xef, b: 0xd5, a: 1 });
    expect(interpolable('mediumseagreen', 'papayawhip')).toBe(true);
    expect(interpolateValue('mediumseagreen', 'papayawhip', 0.5)).not.toBe(interpolateValue('mediumseagreen', 'papayawhip', 0));
  });

  it('takes no property of a plain object for a colour', () => {
    expect(parseColor('constructor')).toBeNull();
    expect(parseColor('__proto__')).toBeNull();
  });
});
