import { describe, expect, it } from 'vitest';
import { classifyBox, faintMarkSpots, readChoice } from '../../src/recognize/checkboxes.js';
import { DEFAULT_SETTINGS } from '../../src/recognize/settings.js';

const s = DEFAULT_SETTINGS.checkbox;
const options = ['1', '2', '3', '4', '5'].map((code, i) => ({ code, label: code, rect: { x: i * 20, y: 0, w: 13, h: 13 } }));
const ink = (score: number, extent = 0.9, spots = 1) => ({ score, extent, spots });
const empty = ink(0, 0, 0);

describe('box states and question rules', () => {
  it('classifies by ink: empty, marginal, marked, heavy, cancelled', () => {
    expect(classifyBox(ink(0.01), s)).toBe('empty');
    expect(classifyBox(ink(0.06), s)).toBe('marginal');
    expect(classifyBox(ink(0.3), s)).toBe('marked');
    expect(classifyBox(ink(0.7), s)).toBe('marginal');
    expect(classifyBox(ink(0.95), s)).toBe('cancelled');
  });

  it('sends a dense spot of ink (a resting pen) to a person instead of reading it as a mark', () => {
    expect(classifyBox(ink(0.12, 0.25), s)).toBe('marginal');
  });

  it('sends a box just over the mark threshold in score or spread to a person instead of reading it as a mark', () => {
    // Two resting-pen dots the OMR bench once read as marks: 0.10 on one scan is 0.09 on the next.
    expect(classifyBox(ink(0.1004, 0.4941), s)).toBe('marginal');
    expect(classifyBox(ink(0.1136, 0.4677), s)).toBe('marginal');
    expect(classifyBox(ink(0.105, 1), s)).toBe('marginal');
    expect(classifyBox(ink(0.3, 0.5), s)).toBe('marginal');
  });

  it('reads a light tick that clears both thresholds by the margin as a mark', () => {
    expect(classifyBox(ink(0.13, 0.96), s)).toBe('marked');
  });

  it('reads one clear answer with no doubt', () => {
    expect(readChoice('scale', options, [empty, empty, ink(0.3), empty, empty], s)).toMatchObject({ value: ['3'], reasons: [] });
  });

  it('sends two answers to a one-answer question to review, but not to a several-answer question', () => {
    const inks = [ink(0.3), empty, ink(0.25), empty, empty];
    expect(readChoice('single', options, inks, s).reasons).toEqual(['multipleAnswers']);
    expect(readChoice('multiple', options, inks, s)).toMatchObject({ value: ['1', '3'], reasons: [] });
  });

  it('reads the remaining mark when another box was filled to cancel it', () => {
    expect(readChoice('scale', options, [ink(0.95), empty, empty, ink(0.3), empty], s)).toMatchObject({ value: ['4'], reasons: [] });
  });

  it('asks about a cancelled box with no other answer, a marginal mark and a heavy one', () => {
    expect(readChoice('scale', options, [ink(0.95), empty, empty, empty, empty], s).reasons).toEqual(['cancelledOnly']);
    expect(readChoice('scale', options, [ink(0.06), empty, empty, empty, empty], s).reasons).toEqual(['marginalMark']);
    expect(readChoice('scale', options, [ink(0.7), empty, empty, empty, empty], s).reasons).toEqual(['heavyMark']);
  });

  it('keeps the raw scores with the read', () => {
    const read = readChoice('scale', options, [ink(0.123456), empty, empty, empty, empty], s);
    expect(read.boxes[0]).toMatchObject({ code: '1', score: 0.1235, state: 'marked' });
  });

  it("sends a dotted trace under the empty threshold to a person when it holds more spots than the page's specks explain", () => {
    // A clean page: 59 boxes without a spot, one with a speck.
    const clean = [...Array.from({ length: 59 }, () => empty), ink(0.002, 0, 1)];
    const spots = faintMarkSpots(clean, s);
    expect(spots).toBe(2);
    expect(classifyBox(ink(0.012, 0.9, 5), s, spots)).toBe('marginal');
    expect(classifyBox(ink(0.004, 0, 1), s, spots)).toBe('empty');
    expect(readChoice('scale', options, [empty, ink(0.015, 0.9, 6), empty, empty, empty], s, spots).reasons).toEqual(['marginalMark']);
  });

  it('asks for more spots on a heavily specked page, so its specks alone do not send its boxes to a person', () => {
    // A page where a third of the boxes caught a speck or two (a rate of about 0.4 a box).
    const specked = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? ink(0.004, 0.5, 1 + (i % 2)) : empty));
    const spots = faintMarkSpots(specked, s);
    expect(spots).toBe(4);
    expect(classifyBox(ink(0.008, 0.8, 3), s, spots)).toBe('empty');
    expect(classifyBox(ink(0.012, 0.9, 5), s, spots)).toBe('marginal');
  });

  it('reads a light tick alone in its question, spread across the box and over the mark line, as the answer', () => {
    // Ticks on 200-dpi bilevel scans of the review-load bench: just over the line, under its doubt margin.
    for (const tick of [ink(0.1116, 1, 2), ink(0.1157, 1, 2), ink(0.1136, 1, 2)]) {
      expect(readChoice('scale', options, [empty, empty, tick, empty, empty], s)).toMatchObject({ value: ['3'], reasons: [] });
    }
  });

  it('still asks about a light mark beside another mark, a dense spot, and a mark under the mark line', () => {
    expect(readChoice('scale', options, [ink(0.3), empty, ink(0.112, 1, 2), empty, empty], s).reasons).toEqual(['marginalMark']);
    expect(readChoice('scale', options, [empty, empty, ink(0.112, 0.3), empty, empty], s).reasons).toEqual(['marginalMark']);
    expect(readChoice('scale', options, [empty, empty, ink(0.08, 1), empty, empty], s).reasons).toEqual(['marginalMark']);
    expect(readChoice('scale', options, [ink(0.05), empty, ink(0.112, 1, 2), empty, empty], s).reasons).toEqual(['marginalMark']);
  });

  it('reads the clear mark of a one-answer question when the only other ink is a dotted trace under the empty line', () => {
    const cross = ink(0.2459, 0.9446, 2);
    const trace = ink(0.0062, 0.3928, 3);
    expect(readChoice('scale', options, [empty, empty, empty, cross, trace], s, 2)).toMatchObject({ value: ['4'], reasons: [] });
    // In a several-answer question the trace may be a second answer; and a trace with no clear mark stays a doubt.
    expect(readChoice('multiple', options, [empty, empty, empty, cross, trace], s, 2).reasons).toEqual(['marginalMark']);
    expect(readChoice('scale', options, [empty, empty, empty, ink(0.07, 1), trace], s, 2).reasons).toEqual(['marginalMark']);
  });
});
